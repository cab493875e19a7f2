from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from . import selectors
from .exports import ReportExportMixin
from .forms import ReportFilterForm
from .selectors import ReportFilters

# (URL name, title, what it answers): the index and the tabs on every report.
REPORTS = (
    (
        "membership",
        _("Membership"),
        _(
            "Members and non-members by county and organisation type, and their share of "
            "Sweden's population."
        ),
    ),
    (
        "services",
        _("Service participation"),
        _("Which members use which service, from the contracts in force."),
    ),
    (
        "contracts",
        _("Contracts"),
        _("Contracts ending per month, value per service, and contracts to look at."),
    ),
    (
        "pipeline",
        _("Pipeline"),
        _("Open deals per stage and service; won and lost per quarter with reasons."),
    ),
)


class ReportIndexView(PermissionRequiredMixin, TemplateView):
    permission_required = "members.view_member"
    raise_exception = True
    template_name = "reports/index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(reports=REPORTS, **kwargs)


class ReportView(ReportExportMixin, PermissionRequiredMixin, TemplateView):
    """A report: the filter form from the URL, then the report's selector.

    Subclasses set ``report`` (its URL name and template), the permission, what "no year"
    means, and ``get_report(filters)`` returning the context of its tables.
    """

    raise_exception = True
    report = ""
    no_year_label = _("Newest")

    def get_template_names(self):
        return [f"reports/{self.report}.html"]

    def get_years(self):
        this_year = timezone.localdate().year
        return range(this_year + 5, this_year - 11, -1)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        years = list(self.get_years())
        form = ReportFilterForm(
            self.request.GET,
            years=years,
            counties=selectors.county_choices(),
            no_year_label=self.get_no_year_label(years),
        )
        form.is_valid()  # an invalid value is shown as an error and left out of the filters
        filters = ReportFilters(
            year=form.value_of("year"),
            county=form.value_of("county"),
            org_type=form.value_of("org_type") or "",
        )
        context.update(
            form=form,
            filters=filters,
            report=self.report,
            reports=REPORTS,
            title={name: title for name, title, _text in REPORTS}[self.report],
            **self.get_report(filters, years),
        )
        return context

    def get_no_year_label(self, years):
        return self.no_year_label

    def get_report(self, filters, years) -> dict:
        raise NotImplementedError


class PopulationYearMixin:
    """Reports whose year is the population year: the years imported, newest by default."""

    def get_years(self):
        self.population_years = selectors.population_years()
        return self.population_years

    def get_no_year_label(self, years):
        return _("Newest (%(year)s)") % {"year": years[0]} if years else _("No figures")

    def population_year(self, filters):
        if filters.year:
            return filters.year
        return self.population_years[0] if self.population_years else None


class MembershipReportView(PopulationYearMixin, ReportView):
    report = "membership"
    permission_required = "members.view_member"

    def get_report(self, filters, years):
        return selectors.membership_report(filters, year=self.population_year(filters))


class ServiceParticipationReportView(PopulationYearMixin, ReportView):
    report = "services"
    permission_required = ("contracts.view_contract", "members.view_member")

    # Every member Sambruk has fits on one page; the export has all rows.
    matrix_rows_per_page = 400

    def get_report(self, filters, years):
        report = selectors.service_participation(filters, year=self.population_year(filters))
        paginator = Paginator(report["matrix_rows"], self.matrix_rows_per_page)
        report["matrix_page"] = paginator.get_page(self.request.GET.get("page"))
        return report


class ContractsReportView(ReportView):
    report = "contracts"
    permission_required = "contracts.view_contract"
    no_year_label = _("Next 12 months")

    def get_report(self, filters, years):
        return selectors.contracts_report(filters)


class PipelineReportView(ReportView):
    report = "pipeline"
    permission_required = "deals.view_deal"

    def get_years(self):
        this_year = timezone.localdate().year
        return range(this_year, this_year - 11, -1)

    def get_no_year_label(self, years):
        return _("This year (%(year)s)") % {"year": years[0]}

    def get_report(self, filters, years):
        return selectors.pipeline_report(filters, year=filters.year or years[0])
