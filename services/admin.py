from django.contrib import admin

from core.admin import CrmImportMixin, TrackedAdmin

from .models import Service
from .resources import ServiceResource


@admin.register(Service)
class ServiceAdmin(CrmImportMixin, TrackedAdmin):
    resource_classes = [ServiceResource]
    list_display = ("name", "kind", "status", "started_on", "ended_on")
    list_filter = ("kind", "status")
