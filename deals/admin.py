from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import TrackedAdmin
from notes.admin import NoteInline, all_notes_link

from .models import Deal


@admin.register(Deal)
class DealAdmin(TrackedAdmin):
    list_display = ("title", "member", "service", "stage", "probability", "value", "owner")
    list_filter = ("stage", "service")
    list_select_related = ("member", "service", "owner")
    autocomplete_fields = ("member", "service", "contacts", "lead", "owner")
    inlines = (NoteInline,)
    readonly_fields = ("all_notes", *TrackedAdmin.readonly_fields)

    @admin.display(description=_("notes"))
    def all_notes(self, obj):
        return all_notes_link("deal", obj)
