import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from workspace.demo import DEFAULT_SEED, DemoSeedRefused, demo_seed


def positive_number(value: str) -> float:
    number = float(value)
    if not number > 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Fill an empty CRM with realistic demo data: members among the municipalities, "
        "services, multi-party contracts, contacts, leads, deals in every stage and months of "
        "notes. Refuses when the CRM already has services, contracts, contacts, deals, leads "
        "or notes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=positive_number,
            default=1,
            help="Multiply the volume: 1 gives about 1,000 contacts, 100 about 100,000.",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help="Random seed; the same seed gives the same data.",
        )

    def handle(self, *args, scale, seed, **options):
        started = time.monotonic()

        def progress(message):
            self.stdout.write(f"{message} ({time.monotonic() - started:.1f} s)")

        try:
            demo_seed(scale=scale, seed=seed, progress=progress)
        except DemoSeedRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo data created in %(seconds).1f seconds.")
                % {"seconds": time.monotonic() - started}
            )
        )
