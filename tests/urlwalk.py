"""Every URL the project defines, with real records to fill in its arguments: shared by the
role walk (test_permissions) and the escaping test (test_xss)."""

import datetime
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from contacts.tests.factories import ContactFactory
from contracts.tests.factories import ContractFactory
from deals.tests.factories import DealFactory
from fees.models import FeeBasis, FeeLine
from leads.tests.factories import LeadFactory
from members.models import Member, MembershipChange
from members.tests.factories import CountyFactory, MemberFactory, PopulationFigureFactory
from notes.tests.factories import NoteFactory
from services.tests.factories import ServiceFactory
from tasks.models import Campaign, DigestSent, ReminderSettings
from tasks.tests.factories import TaskFactory

from .record_types import BY_APP

# The Django admin's own pages: django.contrib.admin's, checked by its permissions and
# tests/test_admin.py, and all behind two-factor login (security.admin_site).
SKIPPED_NAMESPACES = {"admin"}

# Query strings a URL needs to answer at all, or to show records.
QUERIES = {
    "autocomplete": {"app_label": "contacts", "model_name": "contact", "field_name": "member"},
    "search": {"q": "alert"},
    "tasks:campaign_add": {"type": "contacts"},
}

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def project_routes() -> list[tuple[str, list[str]]]:
    """[(URL name, its argument names)] for every URL pattern outside the admin."""
    return [
        # path() names its arguments by converters, the API router's re_path() by groups
        (name, list(p.pattern.converters) or list(p.pattern.regex.groupindex))
        for name, p in project_patterns().items()
    ]


def project_patterns() -> dict[str, URLPattern]:
    """{URL name: its pattern} for every URL pattern outside the admin."""
    routes = {}

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name in SKIPPED_NAMESPACES:
                    continue
                inner = pattern.namespace
                walk(
                    pattern.url_patterns,
                    f"{namespace}:{inner}" if namespace and inner else inner or namespace,
                )
            elif isinstance(pattern, URLPattern):
                assert pattern.name, f"URL {pattern.pattern} has no name: the walk cannot name it"
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                routes[name] = pattern

    walk(get_resolver().url_patterns, None)
    return routes


@dataclass
class Records:
    """One record of each type, all linked, as a small CRM would have them."""

    member: object
    service: object
    contract: object
    contact: object
    other_contact: object
    lead: object
    deal: object
    note: object
    task: object

    def for_namespace(self, namespace: str):
        """The record of the record type whose URLs are in ``namespace`` (record_types.py)."""
        return getattr(self, BY_APP[namespace].model._meta.model_name)


def one_of_each(**values) -> Records:
    """``values``: {"Model.field": value} to store in the records' fields (see test_xss)."""

    def fields(model_name):
        prefix = f"{model_name}."
        return {k[len(prefix) :]: v for k, v in values.items() if k.startswith(prefix)}

    county = CountyFactory(**fields("County"))
    member = MemberFactory(county=county, **fields("Member"))
    PopulationFigureFactory(member=member, year=2024, **fields("PopulationFigure"))
    MembershipChange.objects.create(
        member=member,
        from_status=Member.Status.NOT_MEMBER,
        to_status=Member.Status.MEMBER,
        date=datetime.date(2025, 1, 1),
        decision="Styrelsebeslut 2025-01-01",
    )
    service = ServiceFactory(**fields("Service"))
    contract = ContractFactory(
        service=service,
        parties=[member],
        document=SimpleUploadedFile("avtal.pdf", PDF, content_type="application/pdf"),
        **fields("Contract"),
    )
    contact = ContactFactory(member=member, **fields("Contact"))
    other_contact = ContactFactory(member=member)
    lead = LeadFactory(member=member, **fields("Lead"))
    deal = DealFactory(member=member, service=service, lead=lead, **fields("Deal"))
    deal.contacts.add(contact)
    note = NoteFactory(member=member, deal=deal, **fields("Note"))
    campaign = Campaign.objects.create(name="Verifiera efter valet 2026", **fields("Campaign"))
    task = TaskFactory(deal=deal, campaign=campaign, **fields("Task"))
    ReminderSettings.objects.create(user=task.assignee, **fields("ReminderSettings"))
    DigestSent.objects.create(user=task.assignee, day=datetime.date(2026, 12, 1), tasks=1)
    basis = FeeBasis.objects.create(year=2026, version=1, **fields("FeeBasis"))
    FeeLine.objects.create(
        basis=basis,
        member=member,
        name=member.name,
        population_year=2025,
        months=12,
        entry_fee=0,
        **fields("FeeLine"),
    )
    return Records(member, service, contract, contact, other_contact, lead, deal, note, task)


def route_kwargs(name: str, arguments: list[str], records: Records) -> dict:
    """Real values for a URL's arguments: ``pk`` is the record of the URL's own app."""
    namespace = name.split(":")[0]
    special = {
        "notes:quick_add": {"subject_field": "deal", "pk": records.deal.pk},
        "notes:panel": {"subject_field": "deal", "pk": records.deal.pk},
        "tasks:panel": {"subject_field": "deal", "pk": records.deal.pk},
        "tasks:campaign": {"pk": records.task.campaign_id},
        "tasks:calendar": {"token": "no-such-token"},
        "privacy:contacts_export": {"pk": records.contact.pk},
        "privacy:contacts_erase": {"pk": records.contact.pk},
        "privacy:leads_export": {"pk": records.lead.pk},
        "privacy:leads_erase": {"pk": records.lead.pk},
    }
    if name in special:
        return special[name]
    if namespace == "api":
        return api_route_kwargs(name, arguments)
    kwargs = {}
    for argument in arguments:
        if argument == "pk":
            kwargs["pk"] = records.for_namespace(namespace).pk
        elif argument == "member_pk":
            kwargs["member_pk"] = records.member.pk
        elif argument == "year":
            kwargs["year"] = 2026  # the year of the published fee schedule
        elif argument == "other":
            kwargs["other"] = records.other_contact.pk
        elif argument == "history_id":
            record = records.for_namespace(namespace)
            kwargs["history_id"] = record.history.earliest().history_id
        else:
            raise AssertionError(f"{name}: no value for the URL argument {argument!r}")
    return kwargs


def api_route_kwargs(name: str, arguments: list[str]) -> dict:
    """The API's routes ("api:members-detail"): ``pk`` is the first record of the resource;
    a token that is not there for the revocation (every user gets 404)."""
    from api.resources import RESOURCES

    kwargs = {}
    for argument in arguments:
        if argument == "pk":
            route = name.split(":")[1]
            resource = max(
                (r for r in RESOURCES if route.startswith(f"{r.basename}-")),
                key=lambda r: len(r.basename),
            )
            kwargs["pk"] = resource.model._default_manager.order_by("pk").first().pk
        elif argument == "token_key":
            kwargs["token_key"] = "crm_none"
        else:
            raise AssertionError(f"{name}: no value for the URL argument {argument!r}")
    return kwargs


def route_url(name: str, arguments: list[str], records: Records) -> str:
    return reverse(name, kwargs=route_kwargs(name, arguments, records))
