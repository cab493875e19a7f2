"""Personal data (GDPR): export everything held about a person, and erase a person.

A person is a contact or a lead. Erasing keeps the records and notes (the member's and the
deals' history stays true) but removes who the person was: personal fields anonymised, the
name and email taken out of the notes about them, their own change history purged.
"""

import re

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from contacts.models import Contact
from core.selectors import restorable_fields
from leads.models import Lead
from notes.models import Note
from security.services import security_event_record

from .selectors import (
    ERASED_FIRST_NAME,
    ERASED_LAST_NAME,
    person_deals,
    person_leads,
    person_notes,
    stale_leads,
)

# What replaces the name in notes and deal texts (stored data, so not translated).
REDACTED = "[borttaget]"
# The reason shown in the change history of every row an erasure changes.
ERASURE_REASON = "Personuppgifter borttagna"
# Columns derived from others and never exported.
DERIVED_FIELDS = {"search_text", "normalized_name"}
# Free text about a deal that may name the person, scrubbed like the notes.
DEAL_TEXT_FIELDS = ("title", "lost_comment")


# --- Export ---------------------------------------------------------------------------------


def person_export(*, record) -> dict:
    """Everything the CRM holds about the person of ``record`` (a contact or a lead): the
    record, the leads a contact came from, notes about them, deals they are part of, and
    every version in the change history. JSON-ready with DjangoJSONEncoder."""
    data = {
        "type": record._meta.model_name,
        "id": record.pk,
        "exported_at": timezone.now(),
        "record": _fields(record),
        "history": _history(record),
        "notes": [_note(note) for note in person_notes(record)],
        "deals": [{"id": d.pk, "title": d.title} for d in person_deals(record).order_by("pk")],
    }
    if isinstance(record, Contact):
        data["leads"] = [
            {"record": _fields(lead), "history": _history(lead)}
            for lead in person_leads(record).order_by("pk")
        ]
    return data


def _value(obj, field):
    if field.is_relation:
        related = getattr(obj, field.name)
        return None if related is None else {"id": related.pk, "name": str(related)}
    value = getattr(obj, field.attname)
    return value.name if hasattr(value, "name") and hasattr(value, "url") else value


def _fields(obj) -> dict:
    return {
        field.name: _value(obj, field)
        for field in obj._meta.concrete_fields
        if field.name not in DERIVED_FIELDS
    }


def _history(record) -> list[dict]:
    fields = restorable_fields(type(record))
    return [
        {
            "history_id": version.history_id,
            "date": version.history_date,
            "type": version.get_history_type_display(),
            "user": version.history_user.get_username() if version.history_user else None,
            "reason": version.history_change_reason,
            "fields": {field.name: getattr(version, field.attname) for field in fields},
        }
        for version in record.history.select_related("history_user").order_by("history_date")
    ]


def _note(note: Note) -> dict:
    return {
        "id": note.pk,
        "occurred_at": note.occurred_at,
        "kind": note.get_kind_display(),
        "author": note.author.get_username(),
        "text": note.text,
        "about": {name: getattr(note, f"{name}_id") for name in ("contact", "lead", "deal")},
    }


# --- Erasure --------------------------------------------------------------------------------


def person_erase(*, record, user, via: str = "") -> Contact | Lead:
    """Erase the person of ``record`` (a contact or a lead); see the module docstring.

    A contact is erased with the leads it came from (the same person). Each erased record
    is recorded as a security event naming who, when and which record, nothing more.
    ``via`` names what did it when it is not a person at the keyboard (a command).
    """
    with transaction.atomic():
        record = type(record)._base_manager.select_for_update().get(pk=record.pk)
        people = [record, *person_leads(record)] if isinstance(record, Contact) else [record]
        pattern = _names_pattern(people)
        for note in person_notes(record):
            _scrub(note, ("text",), pattern, user)
        for deal in person_deals(record):
            _scrub(deal, DEAL_TEXT_FIELDS, pattern, user)
        for person in people:
            _anonymise(person, pattern, user)
            security_event_record(
                kind="erasure",
                user=user,
                model=person._meta.label_lower,
                record_id=person.pk,
                **({"via": via} if via else {}),
            )
    return record


def _names_pattern(people) -> re.Pattern | None:
    """A pattern matching the full names, emails and names of ``people`` as whole words,
    longest first (so "Anna Ek" goes as one, not as "Anna" and "Ek")."""
    terms = set()
    for person in people:
        first, last = person.first_name.strip(), person.last_name.strip()
        terms.update(t for t in (f"{first} {last}".strip(), first, last, person.email or "") if t)
    if not terms:
        return None
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _redact(text: str, pattern) -> str:
    return pattern.sub(REDACTED, text) if pattern is not None and text else text


def _scrub(obj, fields, pattern, user) -> None:
    """Take the person's names out of ``fields`` of ``obj`` and of its change history."""
    changed = [
        name for name in fields if _redact(getattr(obj, name), pattern) != getattr(obj, name)
    ]
    versions = []
    for version in obj.history.all():
        before = [getattr(version, name) for name in fields]
        for name in fields:
            setattr(version, name, _redact(getattr(version, name), pattern))
        if before != [getattr(version, name) for name in fields]:
            versions.append(version)
    if versions:
        type(obj).history.model.objects.bulk_update(versions, list(fields))
    if changed:
        for name in changed:
            setattr(obj, name, _redact(getattr(obj, name), pattern))
        _stamp(obj, user)
        obj.save()


def _stamp(obj, user) -> None:
    obj.stamp(user)
    if user is None:  # a command: no one to name, and not the last person who edited it
        obj.updated_by = None
    obj._change_reason = ERASURE_REASON


def _anonymise(person, pattern, user) -> None:
    person.first_name, person.last_name = ERASED_FIRST_NAME, ERASED_LAST_NAME
    person.title = person.phone = ""
    if isinstance(person, Contact):
        person.email = None
        person.is_active = False
    else:
        person.email = person.organisation_name = ""
        person.disqualified_reason = _redact(person.disqualified_reason, pattern)
    _stamp(person, user)
    # No full_clean(): the values written are fixed and valid, and an unrelated old value
    # elsewhere in the record must not stop an erasure.
    person.save()
    # The versions before this one hold the personal data: only the erasure itself stays.
    newest = person.history.latest()
    person.history.exclude(history_id=newest.history_id).delete()
    # The admin's log names the record as it was.
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(person), object_id=str(person.pk)
    ).update(object_repr=str(person)[:200])


def stale_leads_purge(*, older_than_months: int, user=None, dry_run: bool = False) -> list[int]:
    """Erase every stale lead (see privacy.selectors.stale_leads); the ids erased (or, with
    ``dry_run``, that would be). Each lead is erased in its own transaction."""
    ids = list(stale_leads(older_than_months).values_list("pk", flat=True))
    if not dry_run:
        for lead in Lead.objects.filter(pk__in=ids):
            person_erase(record=lead, user=user, via="purge_stale_leads")
    return ids
