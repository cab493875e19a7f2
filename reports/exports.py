"""The reports' tables as CSV and Excel downloads, written by core.exports.

Each report declares its tables: a name for the URL (``?_export=csv&table=county``), a title,
the context key of its rows (the same rows the page shows, from reports.selectors, so an export
cannot differ from the page) and its columns as (header, value of a row). Columns that depend
on the data (one per service, one per reason for loss) come from a function of the context.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import BadRequest
from django.utils.translation import gettext_lazy as _

from core.exports import EXPORT_PARAM, FORMATS, export_response

Column = tuple[str, Callable[[dict], object]]


@dataclass(frozen=True)
class ReportTable:
    name: str
    title: str
    rows: str
    columns: Sequence[Column] | Callable[[dict], Sequence[Column]]

    def columns_for(self, context) -> Sequence[Column]:
        return self.columns(context) if callable(self.columns) else self.columns


def key(name):
    return lambda row: row[name]


def percent(name):
    """A share (a Fraction) as a percentage with one decimal, as the page shows it."""

    def value(row):
        share = row[name]
        if share is None:
            return None
        return (Decimal(share.numerator) * 100 / Decimal(share.denominator)).quantize(
            Decimal("0.1")
        )

    return value


def _contract_problem(row):
    problems = []
    if row["no_party"]:
        problems.append(str(_("No party")))
    if row["service_ended"]:
        problems.append(str(_("Service has ended")))
    return " · ".join(problems)


def _matrix_columns(context):
    def uses(index):
        # 1 or empty, so that a column sums to the number of members using the service.
        return lambda row: 1 if row["uses"][index] else None

    return [
        (_("member"), key("member")),
        (_("membership status"), key("status_label")),
        *((service["service"], uses(i)) for i, service in enumerate(context["service_rows"])),
        (_("services"), key("services")),
    ]


def _quarter_columns(context):
    def lost_for(reason):
        return lambda row: row["reasons"][reason]

    return [
        (_("quarter"), lambda row: f"Q{row['quarter']}"),
        (_("won"), key("won")),
        (_("value won (SEK)"), key("won_value")),
        (_("lost"), key("lost")),
        (_("value lost (SEK)"), key("lost_value")),
        *((reason["label"], lost_for(reason["reason"])) for reason in context["reason_rows"]),
    ]


MEMBERSHIP_COLUMNS = [
    (_("members"), key("members")),
    (_("non-members"), key("non_members")),
    (_("population, members"), key("members_population")),
    (_("population, non-members"), key("non_members_population")),
]

REPORT_TABLES = {
    "membership": (
        ReportTable(
            "county",
            _("By county"),
            "county_rows",
            [
                (_("county"), lambda row: row["county"] or _("No county")),
                *MEMBERSHIP_COLUMNS,
                (_("share of county (%)"), percent("share_of_county")),
                (_("share of Sweden (%)"), percent("share_of_sweden")),
            ],
        ),
        ReportTable(
            "org_type",
            _("By organisation type"),
            "org_type_rows",
            [
                (_("organisation type"), key("label")),
                *MEMBERSHIP_COLUMNS,
                (_("share of Sweden (%)"), percent("share_of_sweden")),
            ],
        ),
    ),
    "services": (
        ReportTable(
            "services",
            _("Per service"),
            "service_rows",
            [
                (_("service"), key("service")),
                (_("organisations"), key("members")),
                (_("of which members"), key("of_which_members")),
                (_("population covered"), key("population_covered")),
            ],
        ),
        ReportTable("matrix", _("Members × services"), "matrix_rows", _matrix_columns),
    ),
    "contracts": (
        ReportTable(
            "ending",
            _("Contracts ending per month"),
            "month_rows",
            [
                (_("month"), key("month")),
                (_("contracts"), key("count")),
                (_("value (SEK)"), key("value")),
            ],
        ),
        ReportTable(
            "per_service",
            _("Value per service"),
            "service_rows",
            [
                (_("service"), key("service")),
                (_("contracts"), key("count")),
                (_("value (SEK)"), key("value")),
            ],
        ),
        ReportTable(
            "to_check",
            _("Contracts to look at"),
            "check_rows",
            [
                (_("contract"), key("contract")),
                (_("status"), key("status")),
                (_("service"), key("service")),
                (_("end date"), key("end_date")),
                (_("problem"), _contract_problem),
            ],
        ),
    ),
    "pipeline": (
        ReportTable(
            "open",
            _("Open deals per stage and service"),
            "open_rows",
            [
                (_("stage"), key("stage_label")),
                (_("service"), key("service")),
                (_("deals"), key("count")),
                (_("value (SEK)"), key("value")),
                (_("weighted by probability (SEK)"), key("weighted")),
            ],
        ),
        ReportTable("quarters", _("Won and lost per quarter"), "quarter_rows", _quarter_columns),
        ReportTable(
            "activity",
            _("Latest in each open deal"),
            "activity_rows",
            [
                (_("deal"), key("deal")),
                (_("member"), key("member")),
                (_("service"), key("service")),
                (_("stage"), key("stage")),
                (_("value (SEK)"), key("value")),
                (_("probability (%)"), key("probability")),
                (_("owner"), key("owner")),
                (_("time"), key("last_note_at")),
                (_("latest note"), key("last_note")),
            ],
        ),
    ),
}


class ReportExportMixin:
    """For ReportView: ``?_export=csv|xlsx&table=<name>`` answers with that table of the
    report, under the report's filters, as a download; the page gets ``export_tables``,
    [(title, [(label, URL)])], for its export menu."""

    def get_export_tables(self):
        return REPORT_TABLES.get(self.report, ())

    def get(self, request, *args, **kwargs):
        export_format = request.GET.get(EXPORT_PARAM)
        if not export_format:
            return super().get(request, *args, **kwargs)
        tables = {table.name: table for table in self.get_export_tables()}
        table = tables.get(request.GET.get("table", ""))
        if table is None:
            raise BadRequest("Unknown report table.")
        context = self.get_context_data(**kwargs)
        columns = table.columns_for(context)
        return export_response(
            request,
            export_format,
            name=f"{context['title']} {table.title}",
            headers=[header for header, _value in columns],
            rows=([value(row) for _header, value in columns] for row in context[table.rows]),
            subject=f"report {self.report}: {table.name}",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["export_tables"] = [
            (table.title, self._export_links(table)) for table in self.get_export_tables()
        ]
        return context

    def _export_links(self, table):
        links = []
        for export_format, (_content_type, label) in FORMATS.items():
            query = self.request.GET.copy()
            query[EXPORT_PARAM] = export_format
            query["table"] = table.name
            links.append((label, f"?{query.urlencode()}"))
        return links
