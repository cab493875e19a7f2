from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import TrackedAdmin
from notes.admin import NoteInline, all_notes_link

from .models import Lead


@admin.register(Lead)
class LeadAdmin(TrackedAdmin):
    list_display = ("__str__", "organisation_name", "member", "email", "status", "owner")
    list_filter = ("status",)
    list_select_related = ("member", "owner")
    autocomplete_fields = ("member", "owner", "converted_contact")
    inlines = (NoteInline,)
    readonly_fields = ("all_notes", *TrackedAdmin.readonly_fields)

    @admin.display(description=_("notes"))
    def all_notes(self, obj):
        return all_notes_link("lead", obj)
