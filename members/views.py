from django.utils.translation import gettext_lazy as _lazy

from core.views import (
    ObjectActionView,
    ObjectBulkResponsibleView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ObjectPostView,
)

from .filters import MemberFilterSet
from .forms import MemberForm, MembershipChangeForm
from .models import Member
from .selectors import has_coverage, member_coverages, member_list
from .services import member_change_status, member_verify
from .tables import MemberTable


class MemberListView(ObjectListView):
    model = Member
    queryset = member_list()
    filterset_class = MemberFilterSet
    table_class = MemberTable
    bulk_actions = ((_lazy("Set responsible…"), "members:bulk_responsible", "change"),)


class MemberDetailView(ObjectDetailView):
    model = Member
    # Whether it covers or is covered through a joint body, in the same query: most members
    # have no coverage, and their page asks for none.
    queryset = Member.objects.select_related(
        "county", "responsible", "created_by", "updated_by"
    ).annotate(has_coverage=has_coverage())

    def get_context_data(self, **kwargs):
        member = self.object
        # Its contacts, contracts, services and deals are panels of their apps (apps.py).
        return super().get_context_data(
            population_figures=member.population_figures.order_by("-year"),
            membership_changes=member.membership_changes.select_related("created_by"),
            coverages=member_coverages(member) if member.has_coverage else (),
            **kwargs,
        )


class MemberEditView(ObjectEditView):
    model = Member
    form_class = MemberForm


class MemberDeleteView(ObjectDeleteView):
    model = Member


class MembershipChangeView(ObjectActionView):
    model = Member
    form_class = MembershipChangeForm
    title = _lazy("Change membership")
    submit_label = _lazy("Record the decision")
    success_message = _lazy("The membership was changed.")

    def perform(self, form):
        member_change_status(member=self.object, user=self.request.user, **form.cleaned_data)
        return self.object


class MemberVerifyView(ObjectPostView):
    model = Member
    success_message = _lazy("Marked as verified today.")

    def perform(self):
        member_verify(member=self.object, user=self.request.user)


class MemberBulkResponsibleView(ObjectBulkResponsibleView):
    model = Member
    filterset_class = MemberFilterSet
