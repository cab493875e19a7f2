from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from workspace.demo import DemoSetupRefused, demo_database_problem, demo_setup

from .seed_demo import positive_number


class Command(BaseCommand):
    help = (
        "Set up the demo (make demo): fill an empty database with the demo data of seed_demo "
        "and create the case officer account 'demo' (Handläggare, no two-factor login), "
        "printing its new generated password. Run again, it only sets a new password. "
        "Refuses without DEBUG, in the CRM's own db.sqlite3, and in a database with records "
        "that it did not fill."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=positive_number,
            default=1,
            help="Volume of the demo data, as seed_demo --scale.",
        )

    def handle(self, *args, scale, **options):
        problem = demo_database_problem(connection.settings_dict, settings.BASE_DIR / "db.sqlite3")
        if problem:
            raise CommandError(problem)
        try:
            user, password, seeded = demo_setup(scale=scale, progress=self.stdout.write)
        except DemoSetupRefused as exc:
            raise CommandError(
                _("%(reason)s Delete the demo database (demo.sqlite3) to start again.")
                % {"reason": exc}
            ) from exc
        if not seeded:
            self.stdout.write(_("The demo database already has its demo data."))
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Log in at http://127.0.0.1:8000/ as %(username)s with the password "
                    "%(password)s (a case officer: reads and edits everything, deletes "
                    "nothing; no authenticator app needed)."
                )
                % {"username": user.get_username(), "password": password}
            )
        )
