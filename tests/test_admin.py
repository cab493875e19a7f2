import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from contacts.tests.factories import ContactFactory
from contracts.tests.factories import ContractFactory
from core.roles import crm_app_labels
from deals.tests.factories import DealFactory
from leads.tests.factories import LeadFactory
from members.tests.factories import CountyFactory, PopulationFigureFactory
from notes.tests.factories import NoteFactory
from tasks.tests.factories import TaskFactory

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
