from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import FirstRowsInline, TrackedAdmin, related_list_link

from .models import SUBJECT_FIELDS as NOTE_SUBJECTS
from .models import Note


class NoteInline(FirstRowsInline):
    """The latest notes under a lead or deal; the parent fills in the subject."""

    model = Note
    fields = ("occurred_at", "kind", "text", "author")
    readonly_fields = ("author",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


@admin.register(Note)
class NoteAdmin(TrackedAdmin):
    list_display = ("occurred_at", "kind", "__str__", "author")
    # Dates as ranges (today, this month…): a date hierarchy reads every note for its years.
    list_filter = ("kind", "occurred_at")
    list_select_related = ("author",)
    autocomplete_fields = NOTE_SUBJECTS
    readonly_fields = ("author", *TrackedAdmin.readonly_fields)


def all_notes_link(field_name, obj):
    """A link to the admin list of every note about ``obj`` (its page shows the latest)."""
    return related_list_link(Note, field_name, obj, _("All notes"))
