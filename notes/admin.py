from django.contrib import admin

from core.admin import FirstRowsInline, TrackedAdmin
from core.registry import register_admin_inline

from .models import SUBJECT_FIELDS as NOTE_SUBJECTS
from .models import Note


class NoteInline(FirstRowsInline):
    """The latest notes under a lead or deal; the parent fills in the subject."""

    model = Note
    fields = ("occurred_at", "kind", "text", "author")
    readonly_fields = ("author",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


# Notes under the leads and deals they are about, on their admin pages.
register_admin_inline("leads.Lead", NoteInline)
register_admin_inline("deals.Deal", NoteInline)


@admin.register(Note)
class NoteAdmin(TrackedAdmin):
    list_display = ("occurred_at", "kind", "__str__", "author")
    # Dates as ranges (today, this month…): a date hierarchy reads every note for its years.
    list_filter = ("kind", "occurred_at")
    list_select_related = ("author",)
    autocomplete_fields = NOTE_SUBJECTS
    readonly_fields = ("author", *TrackedAdmin.readonly_fields)
