from django.contrib import admin

from core.admin import TrackedAdmin

from .models import Deal


@admin.register(Deal)
class DealAdmin(TrackedAdmin):
    list_display = ("title", "member", "service", "stage", "probability", "value", "owner")
    list_filter = ("stage", "service")
    search_fields = ("title", "member__name")
    list_select_related = ("member", "service", "owner")
    autocomplete_fields = ("member", "service", "contacts", "lead", "owner")
