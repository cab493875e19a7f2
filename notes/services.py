from django.db import transaction
from django.utils import timezone

from .models import SUBJECT_FIELDS, Note


@transaction.atomic
def note_create(*, author, text: str, kind: str = Note.Kind.NOTE, occurred_at=None, **subjects):
    """Record what happened with one or more records (lead, deal, member, contact, contract)."""
    unknown = set(subjects) - set(SUBJECT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown note subject: {', '.join(sorted(unknown))}")
    note = Note(
        author=author,
        text=text,
        kind=kind,
        occurred_at=occurred_at or timezone.now(),
        **subjects,
    )
    note.stamp(author)
    note.full_clean()
    note.save()
    return note
