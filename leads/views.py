from core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
from notes.views import NotesPanelMixin

from .filters import LeadFilterSet
from .forms import LeadForm
from .models import Lead
from .tables import LeadTable


class LeadListView(ObjectListView):
    model = Lead
    queryset = Lead.objects.select_related("member", "owner")
    filterset_class = LeadFilterSet
    table_class = LeadTable


class LeadDetailView(NotesPanelMixin, ObjectDetailView):
    model = Lead
    queryset = Lead.objects.select_related(
        "member", "owner", "converted_contact", "deal", "created_by", "updated_by"
    )
    notes_subject_field = "lead"


class LeadEditView(ObjectEditView):
    model = Lead
    form_class = LeadForm

    def get_initial(self):
        return {"owner": self.request.user.pk} if "pk" not in self.kwargs else {}


class LeadDeleteView(ObjectDeleteView):
    model = Lead
