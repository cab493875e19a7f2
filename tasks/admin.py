from django.contrib import admin

from core.admin import TrackedAdmin

from .models import SUBJECT_FIELDS, Task


@admin.register(Task)
class TaskAdmin(TrackedAdmin):
    list_display = ("title", "due_date", "assignee", "status")
    list_filter = ("status",)
    search_fields = ("title",)
    list_select_related = ("assignee",)
    autocomplete_fields = SUBJECT_FIELDS
    readonly_fields = (
        "status",
        "completed_at",
        "completed_by",
        "closed_reason",
        "outcome_note",
        *TrackedAdmin.readonly_fields,
    )
