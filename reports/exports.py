"""The reports' tables, declared once: each page renders them (reports/_table.html, through
the ``report_table`` tag) and exports them as CSV and Excel (written by core.exports), so that
a page and its download cannot differ.

Each report declares its tables: a name for the URL (``?_export=csv&table=county``), a title,
the context key of its rows (from reports.selectors) and its columns. A column has a header
and the value of a row, which the download writes as it is and the page shows formatted
(numbers grouped, shares as percentages, dates in words), linked where the row has a list to
show. Columns that depend on the data (one per service, one per reason for loss) come from a
function of the context. What only a page has (totals in a footer, a stage's subtotal above
its rows) is declared with the table too.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import BadRequest
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.display import kronor
from core.exports import EXPORT_PARAM, FORMATS, export_response


def number(value) -> str:
    """A whole number or an amount with thousands grouped, "—" where it is unknown."""
    return "—" if value is None else floatformat(value, "0g")


def percentage(value) -> str:
    """A percentage (already × 100) with one decimal: "12,3 %"."""
    return "—" if value is None else f"{floatformat(value, 1)} %"


def plain(value) -> str:
    """Text as it is; a date as 2025-01-31; nothing known as "—"."""
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%Y-%m-%d}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class Column:
    """One column of a report table.

    ``value(row)`` is what the download writes; the page shows ``text(value)`` (by default
    grouped digits for ``numeric`` columns, "415 000 kr" for ``amount`` ones, else the plain
    text), in a link to ``link(row)``
    when that gives a URL. ``row_header`` makes the cell the row's header. ``cell(row)``, where
    set, renders the page's whole cell instead (the marks of the members × services matrix).
    """

    header: str
    value: Callable[[dict], object]
    numeric: bool = False
    amount: bool = False  # in kronor; numeric too
    text: Callable[[object], str] | None = None
    link: Callable[[dict], str | None] | None = None
    row_header: bool = False
    css: str = ""
    header_css: str = ""
    header_link: str = ""
    cell: Callable[[dict], SafeString] | None = None

    def __post_init__(self):
        # Headers in sentence case, on the page and in the download.
        object.__setattr__(self, "header", capfirst(self.header))
        object.__setattr__(self, "numeric", self.numeric or self.amount)

    def render(self, row) -> SafeString:
        if self.cell is not None:
            return self.cell(row)
        return self.render_value(self.value(row), self.link(row) if self.link else None)

    def render_value(self, value, url=None, *, total=False) -> SafeString:
        """The page's cell for ``value``; a ``total`` (footer, subtotal) is a number or a
        label, and empty where it has no value."""
        if self.amount:
            content = kronor(value) or ("" if total else "—")
        elif total:
            content = "" if value is None else number(value) if self.numeric else str(value)
        elif self.text is not None:
            content = self.text(value)
        else:
            content = number(value) if self.numeric else plain(value)
        if url:
            content = format_html('<a href="{}">{}</a>', url, content)
        css = " ".join(c for c in ("text-end" if self.numeric else "", self.css) if c)
        class_attr = format_html(' class="{}"', css) if css else ""
        if self.row_header:
            return format_html('<th scope="row"{}>{}</th>', class_attr, content)
        return format_html("<td{}>{}</td>", class_attr, content)

    def render_header(self) -> SafeString:
        css = " ".join(c for c in ("text-end" if self.numeric else "", self.header_css) if c)
        class_attr = format_html(' class="{}"', css) if css else ""
        content = (
            format_html('<a href="{}">{}</a>', self.header_link, self.header)
            if self.header_link
            else self.header
        )
        return format_html('<th scope="col"{}>{}</th>', class_attr, content)


@dataclass(frozen=True)
class Total:
    """A cell of a page's footer or subtotal row: a value, linked to the list of it."""

    value: object
    url: str | None = None


@dataclass(frozen=True)
class Groups:
    """Rows shown under a subtotal of their group (the open deals under their stage): the
    group rows are ``context[rows]``; a row belongs to the group with the same ``key``;
    ``totals(group)`` is the subtotal row, a value (or Total) per column."""

    rows: str
    key: str
    totals: Callable[[dict], Sequence]


@dataclass(frozen=True)
class ReportTable:
    name: str
    title: str
    rows: str
    columns: Sequence[Column] | Callable[[dict], Sequence[Column]]
    html_id: str = ""
    css: str = "table table-sm align-middle report-table"
    # data-<name>="<value of the row>" on each row of the page, for its tests and scripts.
    row_data: tuple[str, Callable[[dict], object]] | None = None
    empty_text: str | None = None
    footer: Callable[[dict], Sequence] | None = None
    # The context key of the rows the page shows, where it shows a page of ``rows``.
    page_rows: str = ""
    groups: Groups | None = None

    def page_columns(self, context) -> Sequence[Column]:
        return self.columns(context) if callable(self.columns) else self.columns

    def columns_for(self, context) -> list[tuple[str, Callable]]:
        """(header, value of a row) of each column: what the download writes."""
        return [(column.header, column.value) for column in self.page_columns(context)]

    def render(self, context) -> dict:
        """What reports/_table.html needs: the header cells, the bodies with their rows
        (each row's cells rendered here: a matrix has hundreds of rows of a cell per
        service), the footer."""
        columns = self.page_columns(context)
        rows = context[self.page_rows or self.rows]

        def row_attrs(row):
            if self.row_data is None:
                return ""
            name, value = self.row_data
            return format_html(' data-{}="{}"', name, value(row))

        def cells(row):
            return SafeString("".join(column.render(row) for column in columns))

        def totals(values):
            values = [*values, *[None] * (len(columns) - len(values))]
            return SafeString(
                "".join(
                    column.render_value(v.value, v.url, total=True)
                    if isinstance(v, Total)
                    else column.render_value(v, total=True)
                    for column, v in zip(columns, values, strict=True)
                )
            )

        if self.groups is None:
            bodies = [
                {"attrs": "", "total": None, "rows": [(row_attrs(r), cells(r)) for r in rows]}
            ]
        else:
            bodies = [
                {
                    "attrs": format_html(' data-{}="{}"', self.groups.key, group[self.groups.key]),
                    "total": totals(self.groups.totals(group)),
                    "rows": [
                        (row_attrs(r), cells(r))
                        for r in rows
                        if r[self.groups.key] == group[self.groups.key]
                    ],
                }
                for group in context[self.groups.rows]
            ]
        return {
            "table": self,
            "headers": SafeString("".join(column.render_header() for column in columns)),
            "bodies": bodies,
            "empty": self.empty_text if not rows else None,
            "colspan": len(columns),
            "footer": totals(self.footer(context)) if self.footer else None,
        }


def key(name):
    return lambda row: row[name]


def link(name):
    return lambda row: row.get(name)


def share_percent(name):
    """A share (a Fraction) as a percentage with one decimal."""

    def value(row):
        share = row[name]
        if share is None:
            return None
        return (Decimal(share.numerator) * 100 / Decimal(share.denominator)).quantize(
            Decimal("0.1")
        )

    return value


def totals_row(*values):
    """A footer: "Total" in the first column, then ``values``."""
    return [gettext("Total"), *values]


def _contract_problem(row):
    problems = []
    if row["no_party"]:
        problems.append(str(_("No party")))
    if row["service_ended"]:
        problems.append(str(_("Service has ended")))
    return " · ".join(problems)


def _member_url(row):
    return reverse("members:detail", args=[row["member_id"]])


def _uses_cell(index, service):
    used = format_html(
        '<span aria-hidden="true">●</span><span class="visually-hidden">{}</span>', _("uses")
    )

    def cell(row):
        if not row["uses"][index]:
            return SafeString('<td class="text-center"></td>')
        return format_html(
            '<td class="text-center" title="{} · {}" data-uses="{}">{}</td>',
            row["member"],
            service["service"],
            service["service_id"],
            used,
        )

    return cell


def _matrix_columns(context):
    def uses(index):
        # 1 or empty, so that a column sums to the number of members using the service.
        return lambda row: 1 if row["uses"][index] else None

    return [
        Column(
            _("member"),
            key("member"),
            link=_member_url,
            row_header=True,
            css="member",
            header_css="member",
        ),
        Column(_("membership status"), key("status_label"), css="small"),
        *(
            Column(
                service["service"],
                uses(i),
                header_css="service",
                header_link=service["url"],
                cell=_uses_cell(i, service),
            )
            for i, service in enumerate(context["service_rows"])
        ),
        Column(_("services"), key("services"), numeric=True, link=_member_url),
    ]


def _quarter_columns(context):
    def lost_for(reason):
        return lambda row: row["reasons"][reason]

    return [
        Column(_("quarter"), lambda row: f"Q{row['quarter']}", row_header=True),
        Column(_("won"), key("won"), numeric=True),
        Column(_("value won (SEK)"), key("won_value"), amount=True),
        Column(_("lost"), key("lost"), numeric=True),
        Column(_("value lost (SEK)"), key("lost_value"), amount=True),
        *(
            Column(
                reason["label"],
                lost_for(reason["reason"]),
                numeric=True,
                # No loss for a reason is left blank, so that the reasons stand out.
                text=lambda n: number(n) if n else "",
                header_css="small",
            )
            for reason in context["reason_rows"]
        ),
    ]


def _quarter_totals(context):
    totals = context["totals"]
    return totals_row(
        totals["won"],
        totals["won_value"],
        totals["lost"],
        totals["lost_value"],
        *(reason["count"] or None for reason in context["reason_rows"]),
    )


def _membership_columns(*, first, share_of_county):
    return [
        first,
        Column(_("members"), key("members"), numeric=True, link=link("members_url")),
        Column(_("non-members"), key("non_members"), numeric=True, link=link("non_members_url")),
        Column(_("population, members"), key("members_population"), numeric=True),
        Column(_("population, non-members"), key("non_members_population"), numeric=True),
        *(
            [
                Column(
                    _("share of county (%)"),
                    share_percent("share_of_county"),
                    numeric=True,
                    text=percentage,
                )
            ]
            if share_of_county
            else []
        ),
        Column(
            _("share of Sweden (%)"),
            share_percent("share_of_sweden"),
            numeric=True,
            text=percentage,
        ),
    ]


REPORT_TABLES = {
    "membership": (
        ReportTable(
            "county",
            _("By county"),
            "county_rows",
            _membership_columns(
                first=Column(
                    _("county"),
                    lambda row: row["county"] or gettext("No county"),
                    row_header=True,
                ),
                share_of_county=True,
            ),
            html_id="county-table",
            row_data=("county", lambda row: row["code"] or ""),
            empty_text=_("Nothing matches."),
        ),
        ReportTable(
            "org_type",
            _("By organisation type"),
            "org_type_rows",
            _membership_columns(
                first=Column(_("organisation type"), key("label"), row_header=True),
                share_of_county=False,
            ),
            html_id="org-type-table",
            row_data=("org-type", key("org_type")),
            empty_text=_("Nothing matches."),
            footer=lambda context: totals_row(
                context["summary"]["members"], context["summary"]["non_members"]
            ),
        ),
        ReportTable(
            "via_bodies",
            _("Covered through a joint body"),
            "via_rows",
            [
                Column(
                    _("municipality"),
                    key("municipality"),
                    link=link("municipality_url"),
                    row_header=True,
                ),
                Column(_("county"), key("county")),
                Column(_("via"), key("via")),
                Column(_("population"), key("population"), numeric=True),
            ],
            html_id="via-bodies-table",
            row_data=("municipality", key("municipality_id")),
            empty_text=_("No municipality is covered through a joint body only."),
        ),
    ),
    "services": (
        ReportTable(
            "services",
            _("Per service"),
            "service_rows",
            [
                Column(_("service"), key("service"), link=link("url"), row_header=True),
                Column(_("organisations"), key("members"), numeric=True, link=link("members_url")),
                Column(_("of which members"), key("of_which_members"), numeric=True),
                Column(_("population covered"), key("population_covered"), numeric=True),
            ],
            html_id="service-table",
            row_data=("service", key("service_id")),
            empty_text=_("No services."),
        ),
        ReportTable(
            "matrix",
            _("Members × services"),
            "matrix_rows",
            _matrix_columns,
            html_id="matrix-table",
            css="table table-sm table-bordered align-middle report-matrix",
            row_data=("member", key("member_id")),
            page_rows="matrix_page",
        ),
    ),
    "contracts": (
        ReportTable(
            "ending",
            _("Contracts ending per month"),
            "month_rows",
            [
                Column(
                    _("month"),
                    key("month"),
                    row_header=True,
                    text=lambda month: capfirst(date_format(month, "F Y")),
                ),
                Column(_("contracts"), key("count"), numeric=True, link=link("url")),
                Column(_("value (SEK)"), key("value"), amount=True),
            ],
            html_id="ending-table",
            row_data=("month", lambda row: f"{row['month']:%Y-%m}"),
            footer=lambda context: totals_row(
                context["totals"]["ending"], context["totals"]["ending_value"]
            ),
        ),
        ReportTable(
            "per_service",
            _("Value per service"),
            "service_rows",
            [
                Column(_("service"), key("service"), row_header=True),
                Column(_("contracts"), key("count"), numeric=True, link=link("url")),
                Column(_("value (SEK)"), key("value"), amount=True),
            ],
            html_id="service-value-table",
            row_data=("service", key("service_id")),
            empty_text=_("No contracts."),
            footer=lambda context: totals_row(
                context["totals"]["count"], context["totals"]["value"]
            ),
        ),
        ReportTable(
            "to_check",
            _("Contracts to look at"),
            "check_rows",
            [
                Column(_("contract"), key("contract"), link=link("url"), row_header=True),
                Column(_("status"), key("status")),
                Column(_("service"), key("service")),
                Column(_("end date"), key("end_date")),
                Column(_("problem"), _contract_problem),
            ],
            html_id="check-table",
            empty_text=_(
                "None: every draft and active contract has a party and a running service."
            ),
        ),
    ),
    "pipeline": (
        ReportTable(
            "open",
            _("Open deals per stage and service"),
            "open_rows",
            [
                Column(_("stage"), key("stage_label"), row_header=True),
                Column(_("service"), lambda row: row["service"] or gettext("No service")),
                Column(_("deals"), key("count"), numeric=True, link=link("url")),
                Column(_("value (SEK)"), key("value"), amount=True),
                Column(_("weighted by probability (SEK)"), key("weighted"), amount=True),
            ],
            html_id="open-table",
            row_data=("service", lambda row: row["service_id"] or ""),
            groups=Groups(
                "stage_rows",
                "stage",
                lambda stage: [
                    stage["stage_label"],
                    None,
                    Total(stage["count"], stage["url"]),
                    stage["value"],
                    stage["weighted"],
                ],
            ),
            footer=lambda context: [
                gettext("All open deals"),
                None,
                Total(context["totals"]["count"], context["totals"]["all_open_url"]),
                context["totals"]["value"],
                context["totals"]["weighted"],
            ],
        ),
        ReportTable(
            "quarters",
            _("Won and lost per quarter"),
            "quarter_rows",
            _quarter_columns,
            html_id="quarter-table",
            row_data=("quarter", key("quarter")),
            footer=_quarter_totals,
        ),
        ReportTable(
            "activity",
            _("Latest in each open deal"),
            "activity_rows",
            [
                Column(_("deal"), key("deal"), link=link("url"), row_header=True),
                Column(_("member"), key("member")),
                Column(_("service"), key("service")),
                Column(_("stage"), key("stage")),
                Column(_("value (SEK)"), key("value"), amount=True),
                Column(_("probability (%)"), key("probability"), numeric=True),
                Column(_("owner"), key("owner")),
                Column(_("time"), key("last_note_at")),
                Column(
                    _("latest note"),
                    key("last_note"),
                    text=lambda note: note or gettext("No notes yet."),
                    css="text-truncate cell-wide",
                ),
            ],
            html_id="activity-table",
            css="table table-sm align-middle",
            empty_text=_("No open deals."),
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
