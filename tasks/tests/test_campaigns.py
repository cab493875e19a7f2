"""Campaigns: a task for every record of a filtered list (every page), for one person or
each record's responsible, with a page that shows how far they have come."""

import datetime

import pytest
from django.urls import reverse

from contacts.models import Contact
from contacts.tests.factories import ContactFactory
from core.tests.factories import UserFactory
from members.models import Member
from members.tests.factories import MemberFactory
from tasks.models import Campaign, Task
from tasks.services import campaign_create, task_complete
from tests.html import page

pytestmark = pytest.mark.django_db


def test_verify_after_the_election_from_the_filtered_contact_list(editor_client, editor):
    """Filter contacts at municipalities and regions who are elected representatives, then
    "Skapa uppgifter": each goes to the responsible of the contact's member."""
    anna, bo = UserFactory(username="anna"), UserFactory(username="bo")
    kalix = MemberFactory(org_type=Member.OrgType.KOMMUN, responsible=anna)
    norrbotten = MemberFactory(org_type=Member.OrgType.REGION, responsible=bo)
    elected = [ContactFactory(member=kalix, role=Contact.Role.ELECTED) for _ in range(55)] + [
        ContactFactory(member=norrbotten, role=Contact.Role.ELECTED)
    ]
    ContactFactory(member=kalix, role=Contact.Role.EMPLOYEE)
    ContactFactory(member=MemberFactory(org_type=Member.OrgType.FORETAG), role="elected")
    query = "member_type=kommun&member_type=region&role=elected"

    listing = page(editor_client.get(f"{reverse('contacts:list')}?{query}"))
    url = f"{reverse('tasks:campaign_add')}?{query}&type=contacts"
    form = page(editor_client.get(url))
    response = editor_client.post(
        url,
        {
            "name": "Verifiera efter valet 2026",
            "title": "Verifiera efter valet",
            "due_date": "2027-01-31",
        },
    )

    assert (
        url.replace("&", "&amp;") in listing.replace("type=contacts&amp;member_type", "member_type")
        or "Skapa uppgifter" in listing
    )
    assert "var och en av de 56" in form
    campaign = Campaign.objects.get()
    assert response.url == campaign.get_absolute_url()
    tasks = Task.objects.filter(campaign=campaign)
    assert {t.contact for t in tasks} == set(elected)
    assert tasks.filter(assignee=anna).count() == 55
    assert tasks.get(assignee=bo).due_date == datetime.date(2027, 1, 31)


def test_the_campaign_page_shows_progress_per_assignee(editor_client, editor):
    anna = UserFactory(username="anna")
    members = [MemberFactory(responsible=anna) for _ in range(4)]
    result = campaign_create(
        user=editor,
        name="Avtalsgenomgång",
        title="Gå igenom avtalet",
        subject_field="member",
        records=Member.objects.filter(pk__in=[m.pk for m in members]),
    )
    task_complete(task=Task.objects.filter(campaign=result.campaign).first(), user=anna)

    html = page(editor_client.get(result.campaign.get_absolute_url()))

    assert "1 av 4 uppgifter klara" in html
    assert f"?campaign={result.campaign.pk}&amp;status=open" in html


def test_one_assignee_for_all_and_records_with_nobody_responsible(editor):
    cia = UserFactory(username="cia")
    MemberFactory(responsible=None)

    everyone = campaign_create(
        user=editor, name="A", title="T", subject_field="member",
        records=Member.objects.all(), assignee=cia,
    )  # fmt: skip
    responsible = campaign_create(
        user=editor, name="B", title="T", subject_field="member", records=Member.objects.all()
    )

    assert (everyone.created, everyone.nobody) == (1, 0)
    assert (responsible.created, responsible.nobody) == (0, 1)


def test_a_campaign_over_ten_thousand_records_is_written_in_batches(
    editor, django_assert_max_num_queries
):
    """10,000 tasks, each with its history, in batched statements, not one per task (SQLite
    takes about 40 rows a statement, its limit of parameters)."""
    anna = UserFactory(username="anna")
    member = MemberFactory(responsible=anna)
    Contact.objects.bulk_create(
        Contact(member=member, first_name="Person", last_name=f"{i:05d}") for i in range(10_000)
    )

    # the campaign; the records in chunks of 1,000; the tasks and their history in batches
    with django_assert_max_num_queries(600):
        result = campaign_create(
            user=editor,
            name="Verifiera efter valet 2026",
            title="Verifiera",
            subject_field="contact",
            records=Contact.objects.all(),
        )

    assert result.created == 10_000
    assert Task.history.filter(campaign=result.campaign).count() == 10_000
