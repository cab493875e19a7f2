from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from members.services import register_load


class Command(BaseCommand):
    help = (
        "Create or update all 290 Swedish municipalities and the regions from the register "
        "shipped with the CRM. Safe to run again: staff-maintained fields are never touched."
    )

    def handle(self, *args, **options):
        result = register_load()
        for name in result.created:
            self.stdout.write(_("Created: %(name)s") % {"name": name}, self.style.SUCCESS)
        for name in result.updated:
            self.stdout.write(_("Updated: %(name)s") % {"name": name})
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Register loaded: %(created)d created, %(updated)d updated, "
                    "%(unchanged)d unchanged."
                )
                % {
                    "created": len(result.created),
                    "updated": len(result.updated),
                    "unchanged": result.unchanged,
                }
            )
        )
