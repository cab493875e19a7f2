from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from members.models import Member
from services.models import Service

from . import maps, selectors
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


def service_map_panel(request, service):
    """The municipalities a service's contracts in force cover, on its page (registered in
    apps.py): two queries."""
    return {
        "map": maps.coverage_map(
            ReportFilters(),
            service=service,
            download_url=f"{reverse('reports:services_map')}?service={service.pk}",
        )
    }


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


class MapMixin:
    """A report with a map of the municipalities (reports.maps), which also downloads as an
    SVG file from ``map_url_name`` with the same filters."""

    map_url_name = ""

    def map_download_url(self, **params) -> str:
        query = self.request.GET.copy()
        for key in ("page", "_export", "table", *params):
            query.pop(key, None)
        query.update({key: value for key, value in params.items() if value is not None})
        url = reverse(self.map_url_name)
        return f"{url}?{query.urlencode()}" if query else url


class MapDownloadMixin:
    """The report's map alone, as an SVG file to download, instead of the page."""

    map_file_name = ""

    def get_export_tables(self):
        return ()  # the file is the map; ?_export= asks for no table of it

    def get_report(self, filters, years):
        return {"map": self.get_map(filters)[0]}

    def render_to_response(self, context, **response_kwargs):
        if context["map"] is None:
            raise Http404(gettext("There is no map for this choice."))
        return maps.svg_response(self.request, context["map"], str(self.map_file_name))


class MembershipReportView(MapMixin, PopulationYearMixin, ReportView):
    report = "membership"
    permission_required = "members.view_member"
    map_url_name = "reports:membership_map"

    def get_report(self, filters, years):
        report = selectors.membership_report(filters, year=self.population_year(filters))
        report["map"], report["map_problem"] = self.get_map(filters, via_rows=report["via_rows"])
        return report

    def get_map(self, filters, via_rows=None):
        """The membership map and None, or None and why there is none: it shows the
        municipalities, so only without an organisation type or with that one."""
        if filters.org_type not in ("", Member.OrgType.KOMMUN):
            return None, gettext(
                "The map shows municipalities: choose no organisation type, or Municipality."
            )
        map_ = maps.membership_map(
            filters,
            year=self.population_year(filters),
            download_url=self.map_download_url(),
            via_rows=via_rows,
        )
        return map_, None


class MembershipMapView(MapDownloadMixin, MembershipReportView):
    map_file_name = _("membership map")


class ServiceParticipationReportView(MapMixin, PopulationYearMixin, ReportView):
    report = "services"
    permission_required = ("contracts.view_contract", "members.view_member")
    map_url_name = "reports:services_map"

    # Every member Sambruk has fits on one page; the export has all rows.
    matrix_rows_per_page = 400

    def get_report(self, filters, years):
        report = selectors.service_participation(filters, year=self.population_year(filters))
        paginator = Paginator(report["matrix_rows"], self.matrix_rows_per_page)
        report["matrix_page"] = paginator.get_page(self.request.GET.get("page"))
        report["map"], report["map_problem"] = self.get_map(filters)
        report["map_service"] = report["map"].service_id
        return report

    def get_map(self, filters):
        """The coverage map of the service chosen by ``?service=`` (of any service without
        one) and None; for an unknown service, that of any service and why."""
        chosen, problem = None, None
        value = self.request.GET.get("service", "")
        if value:
            digits = value.isascii() and value.isdigit() and len(value) < 10
            service_id = int(value) if digits else None
            chosen = Service.objects.filter(pk=service_id).first() if service_id else None
            if chosen is None:
                problem = gettext("There is no service “%(value)s”: the map shows every service.")
                problem %= {"value": value}
        map_ = maps.coverage_map(
            filters,
            service=chosen,
            year=self.population_year(filters),
            download_url=self.map_download_url(service=chosen.pk if chosen else None),
        )
        return map_, problem


class ServiceParticipationMapView(MapDownloadMixin, ServiceParticipationReportView):
    map_file_name = _("coverage map")

    def get_report(self, filters, years):
        map_, problem = self.get_map(filters)
        return {"map": None if problem else map_}


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
