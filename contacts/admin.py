from django.contrib import admin

from core.admin import CrmImportMixin, TrackedAdmin

from .models import Contact
from .resources import ContactResource


@admin.register(Contact)
class ContactAdmin(CrmImportMixin, TrackedAdmin):
    resource_classes = [ContactResource]
    list_display = ("__str__", "member", "title", "email", "phone", "is_active", "last_verified")
    list_filter = ("is_active", "member__org_type")
    list_select_related = ("member",)
    autocomplete_fields = ("member",)
