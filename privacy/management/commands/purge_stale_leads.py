from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from privacy.services import stale_leads_purge


class Command(BaseCommand):
    help = (
        "Erase the personal data of leads never converted and not touched (no change, no note) "
        "for a number of months, as an administrator erases one person from its page."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-months",
            type=int,
            default=settings.PRIVACY_STALE_LEAD_MONTHS,
            help="Untouched for this many months (default: PRIVACY_STALE_LEAD_MONTHS, now "
            "%(default)s).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count the leads; erase nothing."
        )

    def handle(self, *args, older_than_months, dry_run, **options):
        if older_than_months < 1:
            raise CommandError(_("--older-than-months must be at least 1."))
        ids = stale_leads_purge(older_than_months=older_than_months, dry_run=dry_run)
        values = {"count": len(ids), "months": older_than_months}
        if dry_run:
            self.stdout.write(
                ngettext(
                    "Dry run: %(count)d lead untouched for %(months)d months would be erased.",
                    "Dry run: %(count)d leads untouched for %(months)d months would be erased.",
                    len(ids),
                )
                % values
            )
            if ids:
                self.stdout.write(", ".join(map(str, ids)))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    ngettext(
                        "Erased the personal data of %(count)d lead untouched for %(months)d "
                        "months.",
                        "Erased the personal data of %(count)d leads untouched for %(months)d "
                        "months.",
                        len(ids),
                    )
                    % values
                )
            )
