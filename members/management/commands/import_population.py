from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.scb import ScbFormatError
from members.services import (
    FLAG_CHANGE_PERCENT,
    PopulationChange,
    PopulationImportError,
    population_import,
)

LARGEST_CHANGES_SHOWN = 10
PROGRESS_MIN_ROWS = 1000


class ProgressBar:
    """A one-line text bar on stderr, drawn only on a terminal and for long files."""

    width = 30

    def __init__(self, out):
        self.out = out
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        if total <= PROGRESS_MIN_ROWS or not self.out.isatty():
            return
        filled = self.width * done // total
        bar = "#" * filled + "." * (self.width - filled)
        self.out.write(f"\r[{bar}] {done}/{total}", style_func=str, ending="")
        self.out.flush()
        self.drawn = True

    def finish(self) -> None:
        if self.drawn:
            self.out.write("", style_func=str)


def _percent(change: PopulationChange) -> str:
    if change.percent is None:
        return "—"
    percent = round(change.percent, 1) + 0.0  # + 0.0 turns -0.0 into 0.0
    sign = "+" if percent > 0 else ""
    return f"{sign}{number_format(percent, decimal_pos=1)} %"


class Command(BaseCommand):
    help = (
        "Import population figures (31 December) from a file downloaded from SCB: CSV, XLSX or "
        "JSON, one or several years. Prints a summary; all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="The file downloaded from SCB.")
        parser.add_argument(
            "--year", type=int, help="Import only this year from a file with several years."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the summary and write nothing."
        )
        parser.add_argument(
            "--skip-unknown",
            action="store_true",
            help="Import the other rows when a code or name matches no member; "
            "they are listed in the summary.",
        )

    def handle(self, *args, file, year, dry_run, skip_unknown, **options):
        progress = ProgressBar(self.stderr)
        try:
            result = population_import(
                path=file,
                year=year,
                dry_run=dry_run,
                skip_unknown=skip_unknown,
                progress=progress,
                before_write=self.print_summary,
            )
        except ScbFormatError as error:
            raise CommandError(_("%(error)s\nNothing was imported.") % {"error": error}) from error
        except PopulationImportError as error:
            raise CommandError(
                _(
                    "%(error)s\nNothing was imported. Correct the file, or use --skip-unknown "
                    "to import the other rows."
                )
                % {"error": error}
            ) from error
        finally:
            progress.finish()
        if result.dry_run:
            self.stdout.write(self.style.SUCCESS(_("Dry run: nothing was written.")))
        else:
            self.stdout.write(self.style.SUCCESS(_("Population figures imported.")))

    def print_summary(self, result):
        """What the import will do, printed before anything is written."""
        write = self.stdout.write
        write(
            _("File: %(path)s (%(format)s), years: %(years)s")
            % {
                "path": result.path,
                "format": result.format,
                "years": ", ".join(map(str, result.years)),
            }
        )
        counts = [
            (_("Rows read: %(count)d"), result.rows_read),
            (_("Members updated: %(count)d"), result.members_updated),
            (_("New years: %(count)d"), result.new_years),
            (_("Changed figures: %(count)d"), result.changed),
            (_("Unchanged: %(count)d"), result.unchanged),
            (_("Missing values (..), left as they were: %(count)d"), result.missing),
            (_("Unknown codes and names: %(count)d"), len(result.unknown)),
        ]
        if result.country_rows:
            counts.append((_("Country rows (Riket) skipped: %(count)d"), result.country_rows))
        if result.repeated:
            counts.append((_("Repeated rows for the same member: %(count)d"), result.repeated))
        for template, count in counts:
            write("  " + template % {"count": count})
        for problem in result.unknown:
            write("  " + problem.describe(result.path), self.style.WARNING)

        if result.changes:
            write(_("Largest changes against the year before:"))
        for change in result.changes[:LARGEST_CHANGES_SHOWN]:
            line = _(
                "%(member)s: %(previous_year)s %(previous)s → %(year)s %(population)s (%(percent)s)"
            ) % {
                "member": change.member,
                "previous_year": change.previous_year,
                "previous": change.previous_population,
                "year": change.year,
                "population": change.population,
                "percent": _percent(change),
            }
            if change.flagged:
                flag = _("← over %(limit)s %%") % {"limit": FLAG_CHANGE_PERCENT}
                write(f"  {line}  {flag}", self.style.WARNING)
            else:
                write("  " + line)
        if result.flagged:
            flagged = len(result.flagged)
            write(
                ngettext(
                    "%(count)d change of more than %(limit)s %% against the year before: "
                    "this usually means a wrong file.",
                    "%(count)d changes of more than %(limit)s %% against the year before: "
                    "this usually means a wrong file.",
                    flagged,
                )
                % {"count": flagged, "limit": FLAG_CHANGE_PERCENT},
                self.style.WARNING,
            )
