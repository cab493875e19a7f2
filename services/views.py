from django.db.models import Count, Window

from contracts.selectors import members_using, party_count
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
        # The database sorts every member using the service by name to pick the first 400;
        # counting them in the same pass (a window) costs less than a second pass.
        members = list(
            members_using(service).annotate(matching=Window(Count("pk")))[:MEMBERS_SHOWN]
        )
        return super().get_context_data(
            members=members,
            members_count=members[0].matching if members else 0,
            # The newest contracts, each counting its own parties (not a GROUP BY over every
            # contract of the service); a service with thousands links to its filtered list.
            contracts=service.contracts.annotate(party_count=party_count()).order_by(
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
