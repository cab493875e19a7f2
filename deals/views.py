from core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
from notes.views import NotesPanelMixin

from .filters import DealFilterSet
from .forms import DealForm
from .models import Deal
from .tables import DealTable


class DealListView(ObjectListView):
    model = Deal
    queryset = Deal.objects.select_related("member", "service", "owner")
    filterset_class = DealFilterSet
    table_class = DealTable


class DealDetailView(NotesPanelMixin, ObjectDetailView):
    model = Deal
    queryset = Deal.objects.select_related(
        "member", "service", "owner", "lead", "contract", "created_by", "updated_by"
    )
    notes_subject_field = "deal"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            contacts=self.object.contacts.order_by("last_name", "first_name"), **kwargs
        )


class DealEditView(ObjectEditView):
    model = Deal
    form_class = DealForm

    def get_initial(self):
        return {"owner": self.request.user.pk} if "pk" not in self.kwargs else {}


class DealDeleteView(ObjectDeleteView):
    model = Deal
