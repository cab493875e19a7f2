from core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
from notes.views import NotesPanelMixin
from services.selectors import services_used_by

from .filters import MemberFilterSet
from .forms import MemberForm
from .models import Member
from .selectors import member_contract_links, member_list
from .tables import MemberTable


class MemberListView(ObjectListView):
    model = Member
    queryset = member_list()
    filterset_class = MemberFilterSet
    table_class = MemberTable


class MemberDetailView(NotesPanelMixin, ObjectDetailView):
    model = Member
    queryset = Member.objects.select_related("county", "created_by", "updated_by")
    notes_subject_field = "member"

    def get_context_data(self, **kwargs):
        member = self.object
        return super().get_context_data(
            contacts=member.contacts.order_by("last_name", "first_name"),
            contract_links=member_contract_links(member),
            deals=member.deals.select_related("service", "owner").order_by("-updated_at"),
            services=services_used_by(member),
            population_figures=member.population_figures.order_by("-year"),
            **kwargs,
        )


class MemberEditView(ObjectEditView):
    model = Member
    form_class = MemberForm


class MemberDeleteView(ObjectDeleteView):
    model = Member
