import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from members.models import Member
from members.services import member_change_status, member_verify
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_joining_and_leaving_record_dates_and_the_decision(editor):
    member = MemberFactory(municipality=True)
    joined = datetime.date(2026, 3, 12)
    member_change_status(
        member=member,
        user=editor,
        status="member",
        date=joined,
        decision="Styrelsebeslut 2026-03-12",
    )
    member.refresh_from_db()
    assert member.status == Member.Status.MEMBER
    assert (member.member_since, member.member_until) == (joined, None)
    assert member.history.latest().history_change_reason == "Styrelsebeslut 2026-03-12"
    assert member.history.latest().history_user == editor

    left = datetime.date(2027, 12, 31)
    change = member_change_status(
        member=member, user=editor, status="former_member", date=left, decision="Utträde"
    )
    member.refresh_from_db()
    assert member.member_since == joined and member.member_until == left
    assert change.from_status == "member" and change.to_status == "former_member"
    assert [c.decision for c in member.membership_changes.all()] == [
        "Utträde",
        "Styrelsebeslut 2026-03-12",
    ]


def test_a_change_needs_a_decision_and_a_new_status(editor):
    member = MemberFactory()
    with pytest.raises(ValidationError):
        member_change_status(
            member=member, user=editor, status="member", date=timezone.localdate(), decision=" "
        )
    with pytest.raises(ValidationError):
        member_change_status(
            member=member, user=editor, status="not_member", date=timezone.localdate(), decision="x"
        )
    member.refresh_from_db()
    assert member.status == Member.Status.NOT_MEMBER
    assert not member.membership_changes.exists()


def test_verify_sets_today(editor):
    member = MemberFactory()
    member_verify(member=member, user=editor)
    member.refresh_from_db()
    assert member.last_verified == timezone.localdate()
    assert member.updated_by == editor
