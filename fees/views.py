import contextlib

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.generic import FormView, TemplateView

from core.exports import EXPORT_PARAM, FORMATS, export_response

from . import calculation, selectors
from .forms import FeeBasisIssueForm
from .services import fee_basis_issue

INVOICE_PERMISSION = "fees.invoice"
ISSUE_PERMISSION = "fees.issue"
# Years the pages answer for: a fee year far outside is a mistyped address.
FIRST_YEAR, LAST_YEAR = 2000, 2200

EXPORT_HEADERS = (
    _lazy("Member"),
    _lazy("Organisation number"),
    _lazy("Address"),
    _lazy("Organisation type"),
    _lazy("Population"),
    _lazy("Population year"),
    _lazy("Band"),
    _lazy("Annual fee, full year"),
    _lazy("Months"),
    _lazy("Annual fee"),
    _lazy("Entry fee"),
    _lazy("Total"),
    _lazy("Previous year"),
    _lazy("Change"),
    _lazy("Warnings"),
)


def export_row(row):
    return (
        row.name,
        row.org_number,
        row.address,
        row.org_type_label,
        row.population,
        row.population_year,
        row.band,
        row.annual_fee_full,
        row.months,
        row.annual_fee,
        row.entry_fee,
        row.total,
        row.previous_total,
        row.change,
        " ".join(row.warnings),
    )


def checked_year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    return year


class FeeBasisView(PermissionRequiredMixin, TemplateView):
    """The invoicing basis of a year (issued, with the live differences; or live), its
    totals and change against the year before; ``?_export=csv|xlsx`` downloads it."""

    permission_required = INVOICE_PERMISSION
    raise_exception = True
    template_name = "fees/basis.html"
    forecast = False

    def get_year(self):
        return checked_year(self.kwargs["year"])

    # Sambruk has a few hundred members; a page shows this many rows, the export all of them.
    rows_per_page = 100

    def get(self, request, *args, **kwargs):
        year = self.get_year()
        export_format = request.GET.get(EXPORT_PARAM)
        if export_format in FORMATS:
            with contextlib.suppress(calculation.NoSchedule):  # no schedule: the page says so
                rows = selectors.fee_export_rows(year, forecast=self.forecast)
                return export_response(
                    request,
                    export_format,
                    name=self.export_name(year),
                    headers=EXPORT_HEADERS,
                    rows=(export_row(row) for row in rows),
                    subject="fees.FeeBasis",
                )
        try:
            basis = selectors.fee_basis(year, forecast=self.forecast)
        except calculation.NoSchedule:
            basis = None
        return self.render_to_response(self.get_context_data(year=year, basis=basis))

    def export_name(self, year):
        if self.forecast:
            return _("Fee forecast %(year)s") % {"year": year}
        return _("Invoicing basis %(year)s") % {"year": year}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = context["year"]
        basis = context["basis"]
        attention = self.request.GET.get("attention") == "1"
        if basis is not None:
            rows = basis.rows
            if attention:
                rows = [row for row in rows if row.warnings or row.differences]
            paginator = Paginator(rows, self.rows_per_page)
            context["page_obj"] = paginator.get_page(self.request.GET.get("page"))
        context.update(
            attention=attention,
            title=self.export_name(year),
            forecast=self.forecast,
            previous_year=year - 1,
            next_year=year + 1,
            # A member's page is members_url + its id + "/": one reverse() for every row.
            members_url=reverse("members:list"),
            can_issue=self.request.user.has_perm(ISSUE_PERMISSION) and not self.forecast,
            exports=[
                (label, f"?{EXPORT_PARAM}={export_format}")
                for export_format, (_type, label) in FORMATS.items()
            ],
        )
        return context


class FeeForecastView(FeeBasisView):
    """Next year's fees with the newest imported population and the members of today."""

    forecast = True

    def get_year(self):
        return timezone.localdate().year + 1


class FeeBasisIssueView(PermissionRequiredMixin, FormView):
    """Issue (fastställ) the year's basis, after a confirmation: administrators (who alone
    hold the permission to issue, unless an administrator gives it to someone)."""

    permission_required = (INVOICE_PERMISSION, ISSUE_PERMISSION)
    raise_exception = True
    form_class = FeeBasisIssueForm
    template_name = "fees/basis_issue.html"

    def get_context_data(self, **kwargs):
        year = checked_year(self.kwargs["year"])
        return super().get_context_data(
            year=year,
            issued=selectors.issued_basis(year),
            schedule=selectors.fee_schedule(year),
            **kwargs,
        )

    def form_valid(self, form):
        year = checked_year(self.kwargs["year"])
        try:
            basis = fee_basis_issue(
                year=year,
                user=self.request.user,
                request=self.request,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The invoicing basis %(year)s was issued as version %(version)s.")
            % {"year": year, "version": basis.version},
        )
        return redirect("fees:basis", year=year)


def member_fees_panel(request, member):
    """A member's fees by year, on its page (registered in apps.py), for those who invoice."""
    if not request.user.has_perm(INVOICE_PERMISSION):
        return {"fees": None}
    return {"fees": selectors.member_fees(member)}
