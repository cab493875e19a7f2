from django.contrib import admin

from core.admin import TrackedAdmin

from .models import Lead


@admin.register(Lead)
class LeadAdmin(TrackedAdmin):
    list_display = ("__str__", "organisation_name", "member", "email", "status", "owner")
    list_filter = ("status",)
    search_fields = ("first_name", "last_name", "email", "organisation_name", "member__name")
    list_select_related = ("member", "owner")
    autocomplete_fields = ("member", "owner", "converted_contact")
