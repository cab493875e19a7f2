from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from security.models import SecurityEvent
from security.services import security_event_record

from .models import Contact


@transaction.atomic
def contact_verify(*, contact: Contact, user) -> Contact:
    """Record that someone confirmed today that the contact's details are still true."""
    contact.last_verified = timezone.localdate()
    contact.stamp(user)
    contact.save(update_fields=["last_verified", "updated_at", "updated_by"])
    return contact


# Fields of the kept contact that the removed one fills in when they are empty.
MERGE_FILL_FIELDS = ("title", "email", "phone", "last_verified")


def contact_merge_values(*, keep: Contact, remove: Contact) -> dict:
    """The kept contact's fields after a merge: its own, with the gaps filled from the other
    (the later of two verification dates)."""
    values = {name: getattr(keep, name) for name in MERGE_FILL_FIELDS}
    for name in MERGE_FILL_FIELDS:
        if values[name] in (None, "") and getattr(remove, name) not in (None, ""):
            values[name] = getattr(remove, name)
    if keep.last_verified and remove.last_verified:
        values["last_verified"] = max(keep.last_verified, remove.last_verified)
    return values


@transaction.atomic
def contact_merge(*, keep: Contact, remove: Contact, user, request=None) -> Contact:
    """Make two records of one person one: what refers to ``remove`` (its deals, notes and
    leads: every relation to Contact) moves to ``keep``, its details fill the gaps in
    ``keep``, and ``remove`` is deleted.

    Contacts at different members may be merged (someone moved; the kept contact's member
    stays). The merge is in the history of ``keep`` and of every moved record, and in the
    security log.
    """
    if keep.pk == remove.pk:
        raise ValidationError(_("A contact cannot be merged with itself."), code="same")
    # Both rows locked, in id order, so that two merges of the same pair cannot interleave.
    locked = {
        c.pk: c
        for c in Contact.objects.select_for_update()
        .filter(pk__in=[keep.pk, remove.pk])
        .order_by("pk")
    }
    if len(locked) != 2:
        raise ValidationError(_("One of the contacts no longer exists."), code="gone")
    keep, remove = locked[keep.pk], locked[remove.pk]
    # Stored in the site's language whatever the user's: it is part of the record.
    with translation.override(settings.LANGUAGE_CODE):
        kept_reason = _("Merged with contact #%(id)s") % {"id": remove.pk}
        moved_reason = _("Moved from contact #%(from)s to #%(to)s (merge)") % {
            "from": remove.pk,
            "to": keep.pk,
        }
        removed_reason = _("Merged into contact #%(id)s") % {"id": keep.pk}

    # Every record that refers to a contact (deals, notes, leads…), whatever app it is in.
    for relation in Contact._meta.related_objects:
        model, field = relation.related_model, relation.field.name
        if relation.many_to_many:
            # One by one, so each record's history has its contacts before and after.
            for obj in model.objects.filter(**{field: remove}):
                obj._history_user, obj._change_reason = user, moved_reason
                getattr(obj, field).add(keep)
                getattr(obj, field).remove(remove)
        elif relation.one_to_many:
            moved = list(model.objects.filter(**{field: remove}))
            for obj in moved:
                setattr(obj, field, keep)
            if moved:
                bulk_update_with_history(
                    moved, model, [field], default_user=user, default_change_reason=moved_reason
                )

    values = contact_merge_values(keep=keep, remove=remove)
    remove_pk = remove.pk
    remove._history_user, remove._change_reason = user, removed_reason
    try:
        remove.delete()  # first: its email may pass to ``keep``
    except (ProtectedError, RestrictedError) as exc:
        # A relation this merge does not know yet: refuse rather than lose it.
        blockers = getattr(exc, "protected_objects", None) or exc.restricted_objects
        names = sorted({str(obj._meta.verbose_name_plural) for obj in blockers})
        raise ValidationError(
            _("The contact is still referred to by %(records)s; nothing was merged.")
            % {"records": ", ".join(names)},
            code="protected",
        ) from exc

    for name, value in values.items():
        setattr(keep, name, value)
    keep.stamp(user)
    keep._change_reason = kept_reason
    keep.full_clean()
    keep.save()
    security_event_record(
        kind=SecurityEvent.Kind.MERGE,
        request=request,
        user=user,
        model="contacts.Contact",
        kept=keep.pk,
        removed=remove_pk,
    )
    return keep
