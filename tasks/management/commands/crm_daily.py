import datetime

from django.core.management.base import BaseCommand, CommandError

from tasks.reminders import digest_send
from tasks.rules import rules_run


class Command(BaseCommand):
    help = (
        "The CRM's daily round: turns what has gone stale into tasks for the person "
        "responsible, closes the tasks no longer needed and sends the daily digests. Safe "
        "to run several times a day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as on this day (YYYY-MM-DD); default today.")
        parser.add_argument(
            "--no-digest", action="store_true", help="Make the tasks, send no digest."
        )

    def handle(self, *args, date=None, no_digest=False, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError(f"--date must be a date as YYYY-MM-DD, not {date!r}.") from None
        result = rules_run(today=today)
        for rule in result.rules:
            if rule.skipped:
                self.stdout.write(f"{rule.rule}: switched off")
                continue
            self.stdout.write(
                f"{rule.rule}: {rule.created} created, {rule.closed} closed, "
                f"{rule.open} already open, {rule.nobody} with nobody responsible"
            )
        if not no_digest:
            sent = digest_send(today=today)
            self.stdout.write(
                f"digest: {sent.sent} sent, {sent.already_sent} already sent today, "
                f"{sent.failed} failed"
            )
        self.stdout.write(self.style.SUCCESS("Daily round done."))
