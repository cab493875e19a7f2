from django.db.models import Count

from core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
from notes.views import NotesPanelMixin

from .filters import ContractFilterSet
from .forms import ContractForm
from .models import Contract
from .tables import ContractTable


class ContractListView(ObjectListView):
    model = Contract
    queryset = Contract.objects.select_related("service").annotate(party_count=Count("party_links"))
    filterset_class = ContractFilterSet
    table_class = ContractTable


class ContractDetailView(NotesPanelMixin, ObjectDetailView):
    model = Contract
    queryset = Contract.objects.select_related(
        "service", "origin_deal", "origin_deal__member", "created_by", "updated_by"
    )
    notes_subject_field = "contract"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            party_links=self.object.party_links.select_related("member").order_by("member__name"),
            **kwargs,
        )


class ContractEditView(ObjectEditView):
    model = Contract
    form_class = ContractForm


class ContractDeleteView(ObjectDeleteView):
    model = Contract
