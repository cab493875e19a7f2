"""The panels workspace adds to every record's page (registered in apps.py)."""

from notes.views import notes_panel_context


def notes_timeline(subject_field):
    """The context of a record's notes panel: its timeline and a form to add to it."""

    def context(request, record):
        return notes_panel_context(request, subject_field, record)

    return context
