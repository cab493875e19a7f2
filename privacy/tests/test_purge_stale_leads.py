"""``manage.py purge_stale_leads``: erases stale leads as an administrator would."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from leads.models import Lead
from leads.tests.factories import LeadFactory
from notes.tests.factories import NoteFactory
from security.models import SecurityEvent

pytestmark = pytest.mark.django_db


def lead_untouched_for(days, **kwargs):
    lead = LeadFactory(**kwargs)
    Lead.objects.filter(pk=lead.pk).update(updated_at=timezone.now() - datetime.timedelta(days))
    return lead


def run(*args) -> str:
    out = StringIO()
    call_command("purge_stale_leads", *args, stdout=out)
    return out.getvalue()


def names():
    return set(Lead.objects.values_list("first_name", "last_name"))


def test_dry_run_counts_and_changes_nothing():
    stale = lead_untouched_for(800, first_name="Gammal", last_name="Lead")
    lead_untouched_for(30, first_name="Ny", last_name="Lead")

    output = run("--older-than-months", "24", "--dry-run")

    assert "1 lead" in output and str(stale.pk) in output
    assert names() == {("Gammal", "Lead"), ("Ny", "Lead")}
    assert not SecurityEvent.objects.exists()


def test_erases_leads_untouched_for_the_given_months_and_keeps_the_rest():
    lead_untouched_for(400, first_name="Ett", last_name="År", email="ett@example.se")
    lead_untouched_for(800, first_name="Två", last_name="År")
    noted = lead_untouched_for(400, first_name="Antecknad", last_name="Lead")
    NoteFactory(lead=noted, member=None)  # a note this month: touched

    output = run("--older-than-months", "12")

    assert "2 leads" in output
    assert names() == {("Borttagen", "person"), ("Antecknad", "Lead")}
    assert Lead.objects.filter(first_name="Borttagen", email="").count() == 2
    erased = SecurityEvent.objects.filter(kind="erasure")
    assert [(e.user, e.detail["via"]) for e in erased] == [(None, "purge_stale_leads")] * 2


def test_default_is_the_setting(settings):
    settings.PRIVACY_STALE_LEAD_MONTHS = 36
    lead_untouched_for(800, first_name="Två", last_name="År")
    lead_untouched_for(1200, first_name="Tre", last_name="År")

    run()

    assert names() == {("Två", "År"), ("Borttagen", "person")}


def test_refuses_a_period_below_one_month():
    with pytest.raises(CommandError):
        run("--older-than-months", "0")
