from django.contrib import admin

from core.admin import TrackedAdmin

from .models import Service


@admin.register(Service)
class ServiceAdmin(TrackedAdmin):
    list_display = ("name", "kind", "status", "started_on", "ended_on")
    list_filter = ("kind", "status")
    search_fields = ("name", "description")
