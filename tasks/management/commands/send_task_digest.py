from django.core.management.base import BaseCommand

from tasks.reminders import digest_send


class Command(BaseCommand):
    help = (
        "Emails each user their tasks: overdue, due today and new since the last digest. "
        "Once per user and day: a rerun sends nothing twice. Also part of crm_daily."
    )

    def handle(self, *args, **options):
        result = digest_send()
        self.stdout.write(
            self.style.SUCCESS(
                f"Digests sent: {result.sent}; nothing to send: {result.nothing_to_send}; "
                f"already sent today: {result.already_sent}; failed: {result.failed}."
            )
        )
