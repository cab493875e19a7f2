"""Likely duplicate contacts: the selector, the page and who sees the merge button."""

import pytest
from django.urls import reverse

from contacts.selectors import duplicate_contact_pairs
from contacts.tests.factories import ContactFactory
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def pair_ids(pairs):
    return {(p.first.pk, p.second.pk, p.same_email, p.same_name) for p in pairs}


def test_same_folded_name_at_the_same_member_is_a_likely_duplicate():
    ale, lerum = MemberFactory(), MemberFactory()
    first = ContactFactory(member=ale, first_name="Åsa", last_name="Öberg")
    second = ContactFactory(member=ale, first_name="ÅSA ", last_name=" öberg")
    ContactFactory(member=lerum, first_name="Åsa", last_name="Öberg")  # another member
    ContactFactory(member=ale, first_name="Åsa", last_name="Berg")  # another name

    pairs, truncated = duplicate_contact_pairs()

    assert pair_ids(pairs) == {(first.pk, second.pk, False, True)}
    assert not truncated


def test_the_same_email_in_another_case_is_a_likely_duplicate_anywhere():
    # Stored before emails were folded (the form folds them now); any member.
    first = ContactFactory(email="Anna.Ek@Ale.se")
    second = ContactFactory(email="anna.ek@ale.se")

    pairs, _truncated = duplicate_contact_pairs()

    assert pair_ids(pairs) == {(first.pk, second.pk, True, False)}


def test_a_group_of_three_gives_two_pairs_with_the_oldest_first():
    member = MemberFactory()
    oldest, *others = [
        ContactFactory(member=member, first_name="Bo", last_name="Ek") for _ in range(3)
    ]

    pairs, _truncated = duplicate_contact_pairs()

    assert {(p.first.pk, p.second.pk) for p in pairs} == {(oldest.pk, o.pk) for o in others}


def test_a_cut_list_says_so():
    member = MemberFactory()
    for _ in range(4):
        ContactFactory(member=member, first_name="Bo", last_name="Ek")

    pairs, truncated = duplicate_contact_pairs(limit=3)

    assert truncated
    assert len(pairs) == 2  # the three rows read: the oldest and two others


@pytest.mark.parametrize("groups", [5, 50])
def test_finding_duplicates_reads_only_the_duplicates_in_two_queries(
    groups, django_assert_num_queries
):
    member = MemberFactory()
    for n in range(groups):
        ContactFactory(member=member, first_name=f"Namn{n}", last_name="Ek")
        ContactFactory(member=member, first_name=f"namn{n}", last_name="EK")
        ContactFactory(member=member, first_name=f"Ensam{n}", last_name="Ek")

    # 1: contacts sharing an email; 2: contacts sharing name and member (with their members).
    with django_assert_num_queries(2):
        pairs, _truncated = duplicate_contact_pairs()

    assert len(pairs) == groups


@pytest.mark.parametrize("groups", [5, 50])
def test_the_page_lists_pairs_in_a_fixed_number_of_queries(
    groups, administrator_client, django_assert_max_num_queries
):
    member = MemberFactory()
    for n in range(groups):
        ContactFactory(member=member, first_name=f"Namn{n}", last_name="Ek")
        ContactFactory(member=member, first_name=f"Namn{n}", last_name="Ek")

    # Session and user, the user's permissions (groups), the two duplicate queries, and
    # whatever the base template and two-factor middleware read: none of it per pair.
    with django_assert_max_num_queries(12):
        response = administrator_client.get(reverse("contacts:duplicates"))

    assert response.status_code == 200
    assert len(response.context["pairs"]) == groups


def test_editors_see_the_pairs_but_only_administrators_the_merge_button(
    editor_client, administrator_client, reader_client
):
    member = MemberFactory()
    first = ContactFactory(member=member, first_name="Bo", last_name="Ek")
    second = ContactFactory(member=member, first_name="Bo", last_name="Ek")
    merge_url = reverse("contacts:merge", args=[first.pk, second.pk])

    as_editor = editor_client.get(reverse("contacts:duplicates")).content.decode()
    assert first.get_absolute_url() in as_editor and second.get_absolute_url() in as_editor
    assert merge_url not in as_editor
    assert merge_url in administrator_client.get(reverse("contacts:duplicates")).content.decode()
    assert reader_client.get(reverse("contacts:duplicates")).status_code == 403


def test_the_contact_list_links_to_the_duplicates_for_editors(editor_client, reader_client):
    url = reverse("contacts:duplicates")
    assert url in editor_client.get(reverse("contacts:list")).content.decode()
    assert url not in reader_client.get(reverse("contacts:list")).content.decode()
