from django.db.models import Q

from .models import Note


def notes_about(q: Q, limit: int | None = None):
    """Notes matching ``q``, newest first, with what each row shows fetched in one query."""
    queryset = Note.objects.filter(q).select_related("author").order_by("-occurred_at", "-id")
    return queryset[:limit] if limit else queryset


def timeline_q(subject_field: str, subject) -> Q:
    """What belongs on a record's history timeline.

    A deal's timeline includes the notes made on its lead before conversion, and a contact's
    the notes on the leads it came from: shown where they belong, never copied.
    """
    q = Q(**{subject_field: subject})
    if subject_field == "deal" and subject.lead_id:
        q |= Q(lead_id=subject.lead_id)
    elif subject_field == "contact":
        q |= Q(lead__converted_contact=subject)
    return q
