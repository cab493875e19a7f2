"""What the apps above core contribute to the pages every record type shares.

core names no app. Each app registers what it brings in its ``AppConfig.ready()`` (admin
inlines in its ``admin.py``, next to ``admin.site.register``), and the shared pages read it
here:

- ``register_record_type``: a record app's model, once: its place in the global search and
  the related records a hit shows, whether a foreign key to it gets a search widget instead
  of a select with every row (a table that grows large), and the field by which notes refer
  to it (its page then shows their timeline).
- ``register_panel``: a section of a record's page that another app adds (the contacts,
  contracts and deals on a member's page, the notes timeline on every record's page).
- ``register_admin_inline``: inline rows another app adds to a record's admin page.
- ``register_list_action``: a page acting on every record of a filtered list (tasks for
  each, a campaign), offered above every record type's list.

Models are named by label ("members.Member"), so an app can register for a model it does not
import.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps


def _label(model) -> str:
    return model.lower() if isinstance(model, str) else model._meta.label_lower


# --- Record types ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordType:
    label: str  # "members.member"
    search_order: int | None = None  # its group's place in the global search; None: not there
    search_related: tuple[str, ...] = ()  # what a hit shows besides the record itself
    autocomplete: bool = False  # foreign keys to it get a search-as-you-type widget
    notes_subject: str = ""  # the field of a note that refers to it: its page has a timeline

    @property
    def model(self):
        return apps.get_model(self.label)


_record_types: dict[str, RecordType] = {}


def register_record_type(model, **options) -> RecordType:
    """Declare a record type (call from the app's ``AppConfig.ready()``); see RecordType."""
    record_type = RecordType(label=_label(model), **options)
    _record_types[record_type.label] = record_type
    return record_type


def record_types() -> list[RecordType]:
    """Every registered record type, in the order the apps registered them."""
    return list(_record_types.values())


def record_type(model) -> RecordType | None:
    return _record_types.get(_label(model))


def searchable_types() -> list[RecordType]:
    """The record types the global search looks through, in the order of its groups."""
    searched = [rt for rt in _record_types.values() if rt.search_order is not None]
    return sorted(searched, key=lambda rt: rt.search_order)


def is_autocompleted(model) -> bool:
    found = record_type(model)
    return found is not None and found.autocomplete


# --- Panels on a record's page --------------------------------------------------------------


@dataclass(frozen=True)
class Panel:
    """A section another app adds to a record's page.

    ``context(request, record)`` returns what ``template_name`` needs (querysets evaluated
    by the template, so that a panel costs its queries only when shown); the template gets
    it as ``panel`` besides the page's own context. Panels of a page are shown by ``order``;
    ``side`` ones under the record's fields, the others in the wide column beside them.
    """

    template_name: str
    context: Callable
    order: int = 50
    side: bool = False


@dataclass(frozen=True)
class BoundPanel:
    template_name: str
    context: dict


_panels: dict[str, list[Panel]] = defaultdict(list)


def register_panel(model, panel: Panel) -> None:
    """Show ``panel`` on the page of every record of ``model`` (a model or its label)."""
    if panel not in _panels[_label(model)]:
        _panels[_label(model)].append(panel)


def panels_for(model) -> list[Panel]:
    return sorted(_panels.get(_label(model), ()), key=lambda panel: panel.order)


# --- Actions on every record of a filtered list -------------------------------------------


@dataclass(frozen=True)
class ListAction:
    """A page another app offers above a record type's list, acting on every record the
    list's filters select: the list's query string is passed on, with ``type`` naming the
    record type (its app label)."""

    label: str
    url_name: str
    permission: str  # "tasks.add_task"
    models: tuple[str, ...] = ()  # the lists it is offered on, by label ("contacts.contact")


_list_actions: list[ListAction] = []


def register_list_action(action: ListAction) -> None:
    """Offer ``action`` above the list of every record type (see ListAction)."""
    if action not in _list_actions:
        _list_actions.append(action)


def list_actions(model) -> list[ListAction]:
    """The actions offered above ``model``'s list."""
    return [action for action in _list_actions if _label(model) in action.models]


# --- Admin inlines --------------------------------------------------------------------------

_admin_inlines: dict[str, list[type]] = defaultdict(list)


def register_admin_inline(model, inline: type) -> None:
    """Show ``inline`` (an InlineModelAdmin) on the admin page of ``model``'s records."""
    if inline not in _admin_inlines[_label(model)]:
        _admin_inlines[_label(model)].append(inline)


def admin_inlines_for(model) -> list[type]:
    return list(_admin_inlines.get(_label(model), ()))
