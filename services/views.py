from django.db.models import Count
from django.urls import reverse

from core.selectors import first_rows_with_count
from core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
from reports.maps import coverage_map
from reports.selectors import ReportFilters

from .filters import ServiceFilterSet
from .forms import ServiceForm
from .models import Service
from .selectors import members_using
from .tables import ServiceTable


class ServiceListView(ObjectListView):
    model = Service
    queryset = Service.objects.annotate(contract_count=Count("contracts"))
    filterset_class = ServiceFilterSet
    table_class = ServiceTable


CONTRACTS_SHOWN = 50
# All of Sambruk's members fit; beyond that the page links to the filtered members list.
MEMBERS_SHOWN = 400


class ServiceDetailView(ObjectDetailView):
    model = Service
    queryset = Service.objects.select_related("created_by", "updated_by")

    def get_context_data(self, **kwargs):
        service = self.object
        members, count = first_rows_with_count(members_using(service), MEMBERS_SHOWN)
        return super().get_context_data(
            members=members,
            members_count=count,
            # The newest contracts; a service with thousands links to its filtered list.
            contracts=service.contracts.annotate(party_count=Count("party_links")).order_by(
                "-start_date", "-id"
            )[:CONTRACTS_SHOWN],
            contracts_shown=CONTRACTS_SHOWN,
            # The municipalities its contracts in force cover (two queries).
            map=coverage_map(
                ReportFilters(),
                service=service,
                download_url=f"{reverse('reports:services_map')}?service={service.pk}",
            ),
            **kwargs,
        )


class ServiceEditView(ObjectEditView):
    model = Service
    form_class = ServiceForm


class ServiceDeleteView(ObjectDeleteView):
    model = Service
