"""The API's resources, one line each: what the page of the record type declares (its
list view's queryset, filter set and table; its edit view's form) is what the API uses.

- The list filters with the list page's filter set (``q`` searches as the page does) and
  sorts by the columns its table sorts by.
- A write is validated by the edit page's form (model validation, the database's
  constraints, in Swedish or English) and saved as the page saves it.

Population figures, membership changes and contract parties have no list page: they are
read here, filtered by their record; they change through the import and the workflows. So
are the issued invoicing bases and their lines (read-only: a basis is issued on its page),
for whoever may see the invoicing basis there (``permission``).
"""

from dataclasses import dataclass

import django_filters

from contacts.views import ContactEditView, ContactListView
from contracts.models import ContractParty
from contracts.views import ContractEditView, ContractListView
from deals.views import DealEditView, DealListView
from fees.models import FeeBasis, FeeLine
from leads.views import LeadEditView, LeadListView
from members.models import County, MembershipChange, PopulationFigure
from members.views import MemberEditView, MemberListView
from notes.views import NoteEditView, NoteListView
from services.views import ServiceEditView, ServiceListView
from tasks.views import TaskListView


@dataclass(frozen=True)
class Resource:
    prefix: str  # the URL: /api/v1/<prefix>/
    model: type
    queryset: object
    filterset_class: type
    table_class: type | None = None  # its columns are what ``ordering`` accepts
    default_ordering: tuple[str, ...] = ()  # without a table
    form_class: type | None = None  # None: read-only
    prefetch: tuple[str, ...] = ()
    expand: tuple[str, ...] = ()  # relations whose name ``?expand=`` adds
    # A record its page no longer edits: (test, why) -> the reason or ""
    frozen: object = None
    # What reading needs instead of the model's view permission, as on the page
    # ("fees.invoice": the invoicing basis)
    permission: str | None = None

    @property
    def basename(self):
        return self.prefix


def _from_pages(prefix, list_view, edit_view=None, **options):
    return Resource(
        prefix=prefix,
        model=list_view.model,
        queryset=list_view.queryset
        if list_view.queryset is not None
        else list_view.model.objects.all(),
        filterset_class=list_view.filterset_class,
        table_class=list_view.table_class,
        form_class=edit_view.form_class if edit_view is not None else None,
        **options,
    )


def _closed_lead(lead):
    from django.utils.translation import gettext as _

    if lead.is_closed:
        return _("The lead is %(status)s and can no longer be edited.") % {
            "status": lead.get_status_display().lower()
        }
    return ""


class CountyFilterSet(django_filters.FilterSet):
    class Meta:
        model = County
        fields = ("code",)


class PopulationFigureFilterSet(django_filters.FilterSet):
    class Meta:
        model = PopulationFigure
        fields = ("member", "year")


class MembershipChangeFilterSet(django_filters.FilterSet):
    class Meta:
        model = MembershipChange
        fields = ("member", "to_status")


class ContractPartyFilterSet(django_filters.FilterSet):
    class Meta:
        model = ContractParty
        fields = ("contract", "member", "role")


class FeeBasisFilterSet(django_filters.FilterSet):
    class Meta:
        model = FeeBasis
        fields = ("year", "version")


class FeeLineFilterSet(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="basis__year", label="Fee year")
    version = django_filters.NumberFilter(field_name="basis__version", label="Version")

    class Meta:
        model = FeeLine
        fields = ("basis", "member", "year", "version")


RESOURCES = [
    _from_pages(
        "members", MemberListView, MemberEditView, prefetch=("covers",), expand=("county",)
    ),
    _from_pages("services", ServiceListView, ServiceEditView),
    _from_pages(
        "contracts", ContractListView, ContractEditView, prefetch=("parties",), expand=("service",)
    ),
    _from_pages("contacts", ContactListView, ContactEditView, expand=("member",)),
    _from_pages(
        "deals", DealListView, DealEditView, prefetch=("contacts",), expand=("member", "service")
    ),
    _from_pages("leads", LeadListView, LeadEditView, expand=("member",), frozen=_closed_lead),
    _from_pages("notes", NoteListView, NoteEditView),
    # Read-only: tasks change through their steps (complete, postpone, reassign) on the CRM's
    # pages and by the daily rules.
    _from_pages("tasks", TaskListView, expand=("assignee",)),
    Resource(
        prefix="counties",
        model=County,
        queryset=County.objects.all(),
        filterset_class=CountyFilterSet,
        default_ordering=("code",),
    ),
    Resource(
        prefix="population-figures",
        model=PopulationFigure,
        queryset=PopulationFigure.objects.all(),
        filterset_class=PopulationFigureFilterSet,
        default_ordering=("-year",),
    ),
    Resource(
        prefix="membership-changes",
        model=MembershipChange,
        queryset=MembershipChange.objects.all(),
        filterset_class=MembershipChangeFilterSet,
        default_ordering=("-date",),
    ),
    Resource(
        prefix="contract-parties",
        model=ContractParty,
        queryset=ContractParty.objects.all(),
        filterset_class=ContractPartyFilterSet,
        default_ordering=("id",),
    ),
    Resource(
        prefix="fee-bases",
        model=FeeBasis,
        queryset=FeeBasis.objects.all(),
        filterset_class=FeeBasisFilterSet,
        default_ordering=("-year", "-version"),
        permission="fees.invoice",
    ),
    Resource(
        prefix="fee-lines",
        model=FeeLine,
        queryset=FeeLine.objects.all(),
        filterset_class=FeeLineFilterSet,
        default_ordering=("name",),
        permission="fees.invoice",
    ),
]
RESOURCES_BY_MODEL = {resource.model._meta.label_lower: resource for resource in RESOURCES}
