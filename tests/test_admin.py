import html
import re

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import override

from contacts.models import Contact
from contacts.tests.factories import ContactFactory
from contracts.tests.factories import ContractFactory
from core.roles import crm_app_labels
from core.tests.factories import UserFactory
from deals.tests.factories import DealFactory
from leads.tests.factories import LeadFactory
from members.models import County
from members.tests.factories import CountyFactory, MemberFactory, PopulationFigureFactory
from notes.models import Note
from notes.tests.factories import NoteFactory
from tasks.tests.factories import TaskFactory

from .html import page, rows_naming, table_rows, text

pytestmark = pytest.mark.django_db

CRM_MODELS = [model for model in admin.site._registry if model._meta.app_label in crm_app_labels()]


@pytest.fixture
def admin_client(login, admin_user):
    return login(admin_user)  # past two-factor login, which the admin requires


@pytest.fixture
def one_of_each():
    contract = ContractFactory()
    deal = DealFactory(lead=LeadFactory())
    NoteFactory(member=None, deal=deal)
    ContactFactory()
    TaskFactory(deal=deal)
    PopulationFigureFactory(member__county=CountyFactory())
    return contract


@pytest.mark.parametrize("model", CRM_MODELS, ids=lambda m: m._meta.label)
def test_every_model_has_a_working_admin_list_add_and_change_page(admin_client, one_of_each, model):
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    assert admin_client.get(reverse(f"{prefix}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"{prefix}_add")).status_code == 200
    obj = model.objects.first()
    assert obj is not None
    change = admin_client.get(reverse(f"{prefix}_change", args=[obj.pk]))
    assert change.status_code == 200


def test_admin_search_finds_kiruna_by_code(admin_client):
    call_command("load_municipalities", verbosity=0)
    response = admin_client.get(reverse("admin:members_member_changelist"), {"q": "2584"})
    assert "Kiruna" in response.content.decode()
    assert "22426" in response.content.decode().replace("\xa0", "").replace(" ", "")


def test_member_admin_shows_population_history_and_change_history(admin_client):
    figure = PopulationFigureFactory(year=2017, population=1234)
    url = reverse("admin:members_member_change", args=[figure.member.pk])
    assert "1234" in admin_client.get(url).content.decode()
    history = reverse("admin:members_member_history", args=[figure.member.pk])
    assert admin_client.get(history).status_code == 200


@pytest.mark.parametrize("factory", [DealFactory, LeadFactory], ids=["deal", "lead"])
def test_deal_and_lead_admin_pages_list_their_notes(admin_client, factory):
    """The notes app adds its inline to the deal and lead admin (core.registry)."""
    record = factory()
    subject = record._meta.model_name
    NoteFactory(member=None, text="Ringde om avtalet", **{subject: record})
    url = reverse(f"admin:{record._meta.app_label}_{subject}_change", args=[record.pk])

    html = admin_client.get(url).content.decode()

    assert 'name="notes-TOTAL_FORMS" value="1"' in html
    assert "Ringde om avtalet" in html


def test_saving_in_admin_records_who_changed_it(admin_client, admin_user):
    contact = ContactFactory()
    url = reverse("admin:contacts_contact_change", args=[contact.pk])
    data = {
        "member": contact.member.pk,
        "first_name": "Åsa",
        "last_name": "Öberg",
        "email": contact.email,
        "is_active": "on",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.first_name == "Åsa"
    assert contact.updated_by == admin_user
    assert contact.history.latest().history_user == admin_user


def test_ensure_admin_creates_one_admin_and_prints_the_password_once(capsys):
    from io import StringIO

    from django.contrib.auth import get_user_model

    out = StringIO()
    call_command("ensure_admin", stdout=out)
    user = get_user_model().objects.get(is_superuser=True)
    password = out.getvalue().split("lösenordet ")[1].split(" ")[0]
    assert user.check_password(password)

    out = StringIO()
    call_command("ensure_admin", stdout=out)
    assert get_user_model().objects.filter(is_superuser=True).count() == 1
    assert password not in out.getvalue()


# --- Large tables ---------------------------------------------------------------------------------
# Every admin page starts with three queries: session, user, the user's authenticator (the
# admin needs two-factor login).
ADMIN_PAGE = 3


def admin_list(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def paginator_text(response) -> str:
    return text(re.search(r'<p class="paginator">(.*?)</p>', page(response), re.S).group(1))


@pytest.mark.parametrize(
    "model", [m for m in CRM_MODELS if m is not County], ids=lambda m: m._meta.label
)  # the 21 counties are counted in no time
@pytest.mark.parametrize("params", [{}, {"q": "a"}], ids=["list", "searched"])
def test_admin_lists_never_count_their_rows(admin_client, one_of_each, model, params):
    """Counting 300,000 notes, or every note a search matches, costs more than the page."""
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(admin_list(model), params)

    assert response.status_code == 200
    counts = [q["sql"] for q in queries if q["sql"].startswith('SELECT COUNT(*) AS "__count"')]
    assert not [sql for sql in counts if f'FROM "{model._meta.db_table}"' in sql]


def test_admin_list_pages_by_what_it_has_seen(admin_client, django_assert_num_queries):
    member = MemberFactory()
    NoteFactory.create_batch(60, member=member, author=UserFactory())
    url = admin_list(Note)

    # the page's rows with their authors (no count, no years of a date hierarchy)
    with django_assert_num_queries(ADMIN_PAGE + 1):
        first = admin_client.get(url)
    second = admin_client.get(url, {"p": 2})

    assert len(re.findall(r'<tr[^>]*>\s*<td class="action-checkbox">', page(first))) == 50
    with override("sv"):
        assert paginator_text(first) == "1 2 1–50 av fler anteckningar"
        assert paginator_text(second) == "1 2 51–60 av 60 anteckningar"
    assert admin_client.get(url, {"p": 3}).status_code == 302  # past the end: the first page


def test_admin_search_finds_what_the_lists_search_finds(admin_client):
    wanted = ContactFactory(first_name="Åsa", last_name="Öberg")
    ContactFactory(first_name="Lisa", last_name="Berg")

    response = admin_client.get(admin_list(Contact), {"q": "ÅSA  öberg"})

    assert rows_naming(response, "Åsa Öberg", "Lisa Berg") == ["Åsa Öberg"]
    assert reverse("admin:contacts_contact_change", args=[wanted.pk]) in page(response)


def inline_rows(response, prefix: str) -> int:
    return len(re.findall(rf'id="{prefix}-\d+"', page(response)))


def change_form_data(response) -> dict:
    """What the change page's form posts back when nothing is changed."""
    data = {}
    for name, value in re.findall(
        r'<input type="(?:text|email|url|number|hidden|date)" name="([^"]+)" value="([^"]*)"',
        page(response),
    ):
        data[name] = html.unescape(value)
    for name, body in re.findall(
        r'<select name="([^"]+)"[^>]*>(.*?)</select>', page(response), re.S
    ):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = chosen.group(1) if chosen else ""
    for name in re.findall(r'<input type="checkbox" name="([^"]+)"[^>]*checked', page(response)):
        data[name] = "on"
    return data


def test_member_admin_shows_its_first_contacts_and_links_to_all(admin_client):
    member = MemberFactory(municipality=True, county=CountyFactory())
    ContactFactory.create_batch(30, member=member)
    url = reverse("admin:members_member_change", args=[member.pk])

    response = admin_client.get(url)

    assert inline_rows(response, "contacts") == 20
    every_contact = f"{admin_list(Contact)}?member__id__exact={member.pk}"
    assert f'href="{every_contact}"' in page(response)
    assert len(table_rows(admin_client.get(every_contact))) == 30
    # Saving the member changes none of its contacts, shown or not.
    saved = admin_client.post(url, {**change_form_data(response), "city": "Kiruna"})
    assert saved.status_code == 302
    assert member.contacts.count() == 30
    member.refresh_from_db()
    assert member.city == "Kiruna"


@pytest.mark.parametrize("subject", ["deal", "lead"])
def test_deal_and_lead_admin_show_the_latest_notes_and_link_to_all(admin_client, subject):
    record = DealFactory() if subject == "deal" else LeadFactory()
    for day in range(1, 26):
        NoteFactory(
            member=None,
            text=f"Dag {day}",
            occurred_at=f"2025-03-{day:02d}T10:00Z",
            **{subject: record},
        )
    url = reverse(f"admin:{record._meta.app_label}_{subject}_change", args=[record.pk])

    response = admin_client.get(url)

    assert inline_rows(response, "notes") == 20
    assert "Dag 25" in page(response) and "Dag 5" not in page(response)
    assert f'href="{admin_list(Note)}?{subject}__id__exact={record.pk}"' in page(response)


def test_contract_admin_names_each_party_without_a_query_per_row(admin_client):
    contract = ContractFactory(parties=[MemberFactory(name="Åre kommun"), MemberFactory()])
    url = reverse("admin:contracts_contract_change", args=[contract.pk])

    response = admin_client.get(url)

    for party in contract.party_links.select_related("member"):
        option = f'<option value="{party.member.pk}" selected>{html.escape(party.member.name)}'
        assert option in page(response)
