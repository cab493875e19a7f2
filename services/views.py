from django.db.models import Count

from contracts.selectors import members_using
from core.selectors import first_rows_with_count
from core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView

from .filters import ServiceFilterSet
from .forms import ServiceForm
from .models import Service
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
            **kwargs,
        )


class ServiceEditView(ObjectEditView):
    model = Service
    form_class = ServiceForm


class ServiceDeleteView(ObjectDeleteView):
    model = Service
