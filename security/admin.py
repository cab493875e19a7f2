from django.contrib import admin

from .models import SecurityEvent


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """Read-only: the security log is written by the CRM and never edited."""

    list_display = ("at", "kind", "username", "ip", "detail")
    list_filter = ("kind", "at")
    search_fields = ("username",)
    date_hierarchy = "at"
    show_full_result_count = False
    list_per_page = 50

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
