from django.contrib import admin

from core.admin import TrackedAdmin
from core.registry import register_admin_inline

from .models import SUBJECT_FIELDS as NOTE_SUBJECTS
from .models import Note


class NoteInline(admin.TabularInline):
    """Notes under a lead or deal; the parent fills in the subject."""

    model = Note
    extra = 0
    fields = ("occurred_at", "kind", "text", "author")
    readonly_fields = ("author",)


# Notes under the leads and deals they are about, on their admin pages.
register_admin_inline("leads.Lead", NoteInline)
register_admin_inline("deals.Deal", NoteInline)


@admin.register(Note)
class NoteAdmin(TrackedAdmin):
    list_display = ("occurred_at", "kind", "__str__", "author")
    list_filter = ("kind",)
    search_fields = ("text",)
    list_select_related = ("author",)
    autocomplete_fields = NOTE_SUBJECTS
    readonly_fields = ("author", *TrackedAdmin.readonly_fields)
    date_hierarchy = "occurred_at"
