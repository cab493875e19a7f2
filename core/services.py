"""Writes shared by every record type: the edit lock that refuses a lost update, and
restoring an earlier version from the change history."""

import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_update_with_history

from .selectors import deleted_record_names, history_m2m_pks, restored_fields


class EditConflict(Exception):
    """Someone saved the record after the form now being saved was opened."""


def version_token(record) -> str:
    """The version an edit form was opened on: the record's last save time, in UTC."""
    return record.updated_at.astimezone(datetime.UTC).isoformat()


def parse_version(token: str) -> datetime.datetime | None:
    try:
        value = datetime.datetime.fromisoformat(token)
    except (TypeError, ValueError):
        return None
    return value if timezone.is_aware(value) else None


@transaction.atomic
def record_claim(*, record, version: str) -> None:
    """Take the record for a save, if it is still at ``version``; else raise EditConflict.

    Call it inside the transaction that saves. A conditional UPDATE rather than read, compare,
    write: of two saves of the same version only one UPDATE matches the row; the other waits
    for the row lock and then finds a newer version (PostgreSQL), or waits for the write lock
    (SQLite). The UPDATE sets the value it matched, so it changes nothing by itself.
    """
    stamp = parse_version(version)
    if stamp is None:
        raise EditConflict
    claimed = (
        type(record)._base_manager.filter(pk=record.pk, updated_at=stamp).update(updated_at=stamp)
    )
    if not claimed:
        raise EditConflict


@transaction.atomic
def record_restore(*, record, history_id: int, user):
    """Copy the field values of an earlier version back onto ``record``, as a new change.

    The restore is itself a version in the history, by ``user`` and with a change reason, so
    it can be undone the same way. The workflow fields (``Model.workflow_fields``: a
    member's status, a deal's stage…) keep their values. Refused (ValidationError, nothing
    changed) when the old values no longer fit, for example a related record that has since
    been deleted (a member, or one of a deal's contacts) or an email now in use.
    """
    model = type(record)
    record = model._base_manager.select_for_update().get(pk=record.pk)
    version = record.history.filter(history_id=history_id).first()
    if version is None:
        raise ValidationError(_("That version is not in this record's history."), code="missing")
    # A membership, a deal's stage or a lead's conversion changes only through its workflow.
    for field in restored_fields(model):
        setattr(record, field.attname, getattr(version, field.attname))
    record.stamp(user)
    record._change_reason = _("Restored the version of %(date)s") % {
        "date": f"{timezone.localtime(version.history_date):%Y-%m-%d %H:%M}"
    }
    problems = []
    try:
        record.full_clean()
    except ValidationError as exc:
        # One message per problem, naming the field: the page shows no form with the fields.
        problems += [
            f"{model._meta.get_field(name).verbose_name.capitalize()}: {message}"
            if name != NON_FIELD_ERRORS
            else message
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    related = {
        name: by_version.get(version.history_id, ())
        for name, by_version in history_m2m_pks(model, [version.history_id]).items()
    }
    for name, pks in related.items():
        # A many-to-many relation (a deal's contacts) to records deleted since the version.
        gone = deleted_record_names(model._meta.get_field(name).related_model, pks)
        if gone:
            problems.append(
                f"{model._meta.get_field(name).verbose_name.capitalize()}: "
                + ngettext(
                    "%(records)s has been deleted since this version, so it cannot be restored.",
                    "%(records)s have been deleted since this version, so it cannot be restored.",
                    len(gone),
                )
                % {"records": ", ".join(gone)}
            )
    if problems:
        raise ValidationError(problems)
    record.save()
    for name, pks in related.items():
        getattr(record, name).set(pks)
    return record


BULK_BATCH = 500


@transaction.atomic
def records_bulk_set(*, queryset, field: str, value, user, reason: str = "") -> int:
    """Set ``field`` to ``value`` on every record of ``queryset`` (all of a filtered list,
    not one page), each change in the record's history; returns how many changed.

    Batched, so that 10,000 records take a few bulk statements, not 10,000 saves.
    """
    model = queryset.model
    attname = model._meta.get_field(field).attname
    wanted = getattr(value, "pk", value)
    changed = 0
    now = timezone.now()
    rows = queryset.exclude(**{attname: wanted}) if wanted is not None else queryset
    if wanted is None:
        rows = rows.exclude(**{f"{attname}__isnull": True})
    batch = []
    for record in rows.order_by("pk").iterator(chunk_size=BULK_BATCH):
        setattr(record, attname, wanted)
        record.updated_at, record.updated_by = now, user
        batch.append(record)
        if len(batch) == BULK_BATCH:
            changed += _bulk_save(model, batch, attname, user, reason)
            batch = []
    if batch:
        changed += _bulk_save(model, batch, attname, user, reason)
    return changed


def _bulk_save(model, batch, attname, user, reason) -> int:
    bulk_update_with_history(
        batch,
        model,
        [attname, "updated_at", "updated_by"],
        batch_size=BULK_BATCH,
        default_user=user,
        default_change_reason=reason or None,
    )
    return len(batch)
