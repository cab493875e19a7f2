"""Reads shared by several pages: the free-text search of every list (and of the global
search, see workspace), and every record's change history."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connections
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from .expressions import SubqueryCount
from .fulltext import IndexedCandidates
from .models import TrackedModel, normalize_search


def search_queryset(queryset, query: str):
    """Records whose search text contains every word of ``query`` (already folded or not).

    On PostgreSQL the trigram indexes answer the LIKEs; on SQLite a full-text index (see
    ``core.fulltext``) narrows the rows down first.
    """
    model = queryset.model
    words = normalize_search(query).split()
    if issubclass(model, TrackedModel):
        if words and connections[queryset.db].vendor == "sqlite":
            # The full-text index narrows the rows down; the LIKEs below decide.
            queryset = queryset.filter(IndexedCandidates(model._meta.db_table, tuple(words)))
        for word in words:
            queryset = queryset.filter(search_text__contains=word)
        return queryset
    # Small lookup tables (counties, users): plain case-insensitive match on the name.
    for word in words:
        queryset = queryset.filter(**{f"{model_search_field(model)}__icontains": word})
    return queryset


def model_search_field(model) -> str:
    names = {f.name for f in model._meta.get_fields()}
    for candidate in ("name", "username", "title"):
        if candidate in names:
            return candidate
    raise Http404


# --- Change history (django-simple-history) ------------------------------------------------------

HISTORY_LIMIT = 200
# Bookkeeping the history rows carry anyway (who and when), never shown as a change.
NOT_COMPARED = ("created_at", "updated_at")


@dataclass
class FieldChange:
    label: str
    old: str
    new: str
    name: str = ""
    # In an edit conflict: what the user tried to save, and whether they changed the field
    # themselves (if not, the form takes over the other person's value).
    yours: str = ""
    changed_by_you: bool = False


@dataclass
class HistoryEntry:
    version: object  # the historical row: history_user, history_date, history_change_reason
    changes: list[FieldChange] = field(default_factory=list)
    latest: bool = False
    # The oldest version recorded: its changes list the values it held (no "old" side).
    first: bool = False


def restorable_fields(model):
    """The fields a history row holds and a restore writes back (no bookkeeping, no m2m)."""
    tracked = model.history.model.tracked_fields
    return [f for f in tracked if f.editable and not f.primary_key and f.name not in NOT_COMPARED]


def workflow_kept_fields(model):
    """The fields a restore leaves alone: those only the record's workflows change
    (``Model.workflow_fields``, e.g. a member's status, a deal's stage)."""
    names = getattr(model, "workflow_fields", ())
    return [model._meta.get_field(name) for name in names]


def restored_fields(model):
    """The fields a restore writes back: the restorable ones, less the workflow fields."""
    kept = {field.name for field in workflow_kept_fields(model)}
    return [field for field in restorable_fields(model) if field.name not in kept]


def history_m2m_fields(model):
    return list(model.history.model._history_m2m_fields)


def history_m2m_pks(model, history_ids) -> dict[str, dict[int, tuple]]:
    """{m2m field name: {history_id: sorted related pks}}: one query per m2m field."""
    history_model = model.history.model
    result = {}
    for m2m in history_m2m_fields(model):
        rows_model = history_model.__dict__[m2m.name].model
        target = f"{m2m.m2m_reverse_field_name()}_id"
        by_version = defaultdict(list)
        for history_id, pk in rows_model.objects.filter(history_id__in=history_ids).values_list(
            "history_id", target
        ):
            by_version[history_id].append(pk)
        result[m2m.name] = {key: tuple(sorted(pks)) for key, pks in by_version.items()}
    return result


def deleted_record_names(model, pks) -> list[str]:
    """Those of ``pks`` no longer in ``model``'s table, each named as its last version in
    the history has it ("#pk" for a model without history)."""
    existing = set(model._base_manager.filter(pk__in=pks).values_list("pk", flat=True))
    missing = sorted(set(pks) - existing)
    if not missing:
        return []
    names = {}
    manager = getattr(model._meta, "simple_history_manager_attribute", None)
    if manager is not None:
        pk_name = model._meta.pk.attname
        versions = getattr(model, manager).filter(**{f"{pk_name}__in": missing})
        for version in versions.order_by("history_date", "history_id"):
            names[getattr(version, pk_name)] = str(version.instance)  # the last one stays
    return [names.get(pk, f"#{pk}") for pk in missing]


class ValueLabels:
    """Display text for stored values: choice labels, and the names of related records,
    fetched once per related model for every value collected (never a query per row)."""

    def __init__(self):
        self.wanted = defaultdict(set)
        self.found = {}

    def want(self, model_field, raw):
        if model_field.is_relation and raw not in (None, ""):
            pks = raw if model_field.many_to_many else (raw,)
            self.wanted[model_field.related_model].update(pks)

    def resolve(self):
        for model, pks in self.wanted.items():
            self.found[model] = model._base_manager.in_bulk(pks)

    def text(self, model_field, raw) -> str:
        if raw in (None, "", ()):
            return "—"
        if model_field.many_to_many:
            return ", ".join(self._related(model_field, pk) for pk in raw)
        if model_field.is_relation:
            return self._related(model_field, raw)
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(raw, raw))
        if isinstance(raw, bool):
            return _("Yes") if raw else _("No")
        if isinstance(raw, datetime.datetime):
            return f"{timezone.localtime(raw):%Y-%m-%d %H:%M}"
        if isinstance(raw, datetime.date):
            return raw.isoformat()
        return str(getattr(raw, "name", raw))  # a file shows its name

    def _related(self, model_field, pk) -> str:
        obj = self.found.get(model_field.related_model, {}).get(pk)
        if obj is None:
            return _("#%(pk)s (deleted)") % {"pk": pk}
        if hasattr(obj, "get_full_name"):  # a user
            return obj.get_full_name() or obj.get_username()
        return str(obj)


def _raw_changes(model, new, old, m2m):
    """[(model field, old raw value, new raw value)] between two history rows; ``old`` None
    means ``new`` is the first version, shown as every field it set."""
    m2m_names = [f.name for f in history_m2m_fields(model)]
    if old is None:
        pairs = [
            (f, None, getattr(new, f.attname))
            for f in restorable_fields(model)
            if getattr(new, f.attname) not in (None, "")
        ]
    else:
        delta = new.diff_against(old, excluded_fields=[*NOT_COMPARED, *m2m_names])
        pairs = [(model._meta.get_field(c.field), c.old, c.new) for c in delta.changes]
    for name in m2m_names:
        before = m2m[name].get(old.history_id, ()) if old is not None else ()
        after = m2m[name].get(new.history_id, ())
        if before != after:
            pairs.append((model._meta.get_field(name), before, after))
    order = {f.name: i for i, f in enumerate(model._meta.get_fields())}
    return sorted(pairs, key=lambda pair: order.get(pair[0].name, 0))


def record_history(record, limit: int = HISTORY_LIMIT) -> tuple[list[HistoryEntry], bool]:
    """The record's versions, newest first, each with its changes field by field (old → new).

    A fixed number of queries whatever the number of versions: the rows with their users,
    one per m2m field, and one per related model any change names.
    """
    model = type(record)
    rows = list(
        record.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    more = len(rows) > limit
    m2m = history_m2m_pks(model, [row.history_id for row in rows])
    labels = ValueLabels()
    raw = []
    for i, row in enumerate(rows[:limit]):
        older = rows[i + 1] if i + 1 < len(rows) else None
        pairs = _raw_changes(model, row, older, m2m)
        for model_field, old, new in pairs:
            labels.want(model_field, old)
            labels.want(model_field, new)
        raw.append((row, pairs))
    labels.resolve()
    entries = [
        HistoryEntry(
            version=row,
            latest=i == 0,
            first=i + 1 >= len(rows),
            changes=[
                FieldChange(
                    label=str(f.verbose_name),
                    name=f.name,
                    old=labels.text(f, old),
                    new=labels.text(f, new),
                )
                for f, old, new in pairs
            ],
        )
        for i, (row, pairs) in enumerate(raw)
    ]
    return entries, more


def record_version_changes(record, history_id: int) -> list[FieldChange] | None:
    """What restoring version ``history_id`` would change: from the newest version to it."""
    model = type(record)
    newest = record.history.order_by("-history_date", "-history_id").first()
    version = record.history.filter(history_id=history_id).first()
    if version is None or newest is None:
        return None
    m2m = history_m2m_pks(model, [newest.history_id, version.history_id])
    kept = {field.name for field in workflow_kept_fields(model)}
    pairs = [pair for pair in _raw_changes(model, version, newest, m2m) if pair[0].name not in kept]
    return _labelled(pairs)


def record_changes_since(record, version, yours=None) -> tuple[list, list[FieldChange]]:
    """Who saved ``record`` after ``version`` (an aware datetime, or None when unknown) and
    what they changed: [history rows, oldest first], [changes from ``version`` to now].

    ``yours`` maps field names to what the user tried to save (raw values: pks for related
    records, sorted pk tuples for many-to-many), shown beside each change.
    """
    model = type(record)
    history = record.history.select_related("history_user").order_by("history_date", "history_id")
    since = list(history.filter(updated_at__gt=version)) if version else []
    base = (
        history.filter(updated_at__lte=version).order_by("-history_date", "-history_id").first()
        if version
        else None
    )
    if not since or base is None:
        return since, []
    newest = since[-1]
    m2m = history_m2m_pks(model, [base.history_id, newest.history_id])
    pairs = _raw_changes(model, newest, base, m2m)
    return since, _labelled(pairs, yours)


def _labelled(pairs, yours=None) -> list[FieldChange]:
    yours = yours or {}
    labels = ValueLabels()
    for model_field, old, new in pairs:
        labels.want(model_field, old)
        labels.want(model_field, new)
        if model_field.name in yours:
            labels.want(model_field, yours[model_field.name])
    labels.resolve()
    return [
        FieldChange(
            label=str(f.verbose_name),
            name=f.name,
            old=labels.text(f, old),
            new=labels.text(f, new),
            yours=labels.text(f, yours[f.name]) if f.name in yours else "",
            changed_by_you=f.name in yours and yours[f.name] != old,
        )
        for f, old, new in pairs
    ]


def first_rows_with_count(queryset, limit: int, counted=None) -> tuple[list, int]:
    """The first ``limit`` rows and the number of all matching rows (or of ``counted``, which
    has none when the queryset has none), in one query.

    The count is an uncorrelated subquery, which the database computes once (from an index
    where one fits), while the rows stop at LIMIT. A COUNT(*) OVER () window would read and
    join every matching row before the page is cut.
    """
    counted = queryset if counted is None else counted
    count = SubqueryCount(counted.order_by().values("pk"))
    rows = list(queryset.annotate(matching=count)[:limit])
    return rows, (rows[0].matching if rows else 0)
