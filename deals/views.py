from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.generic import TemplateView

from contracts.services import deal_win
from core.views import (
    ModelPermissionMixin,
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)

from .filters import DealFilterSet
from .forms import DealForm, DealLoseForm, DealMoveForm
from .models import Deal
from .selectors import deal_board
from .services import deal_lose, deal_move, deal_reopen
from .tables import DealTable


def member_deals_panel(request, member):
    """The deals on a member's page (registered in apps.py)."""
    return {"deals": member.deals.select_related("service", "owner").order_by("-updated_at")}


class DealListView(ObjectListView):
    model = Deal
    queryset = Deal.objects.select_related("member", "service", "owner")
    filterset_class = DealFilterSet
    table_class = DealTable


class DealDetailView(ObjectDetailView):
    model = Deal
    queryset = Deal.objects.select_related(
        "member", "service", "owner", "lead", "contract", "created_by", "updated_by"
    )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            contacts=self.object.contacts.order_by("last_name", "first_name"),
            move_form=DealMoveForm(initial={"stage": self.object.stage}),
            **kwargs,
        )


class DealEditView(ObjectEditView):
    model = Deal
    form_class = DealForm

    def get_initial(self):
        return {"owner": self.request.user.pk} if "pk" not in self.kwargs else {}


class DealDeleteView(ObjectDeleteView):
    model = Deal


class DealMoveView(ObjectActionView):
    model = Deal
    form_class = DealMoveForm
    title = _lazy("Move deal")
    success_message = _lazy("The deal was moved.")

    def perform(self, form):
        return deal_move(deal=self.object, user=self.request.user, stage=form.cleaned_data["stage"])


class DealWinView(ObjectActionView):
    model = Deal
    title = _lazy("Mark deal as won")
    submit_label = _lazy("Won: draft the contract")
    template_name = "deals/deal_win.html"

    def perform(self, form):
        contract = deal_win(deal=self.object, user=self.request.user)
        messages.success(
            self.request, _("The deal is won. Complete the draft contract and activate it.")
        )
        return contract.get_edit_url()


class DealLoseView(ObjectActionView):
    model = Deal
    form_class = DealLoseForm
    title = _lazy("Mark deal as lost")
    submit_label = _lazy("Lost")
    success_message = _lazy("The deal was marked as lost.")

    def perform(self, form):
        return deal_lose(deal=self.object, user=self.request.user, **form.cleaned_data)


class DealReopenView(ObjectActionView):
    model = Deal
    title = _lazy("Reopen deal")
    submit_label = _lazy("Reopen")
    success_message = _lazy("The deal was reopened.")

    def perform(self, form):
        return deal_reopen(deal=self.object, user=self.request.user)


class DealBoardView(ModelPermissionMixin, TemplateView):
    """Open deals by stage; a card dragged to another column moves the deal (htmx)."""

    model = Deal
    template_name = "deals/board.html"

    def get_context_data(self, **kwargs):
        owner = self.request.GET.get("owner")
        return super().get_context_data(
            columns=deal_board(owner=self.request.user if owner == "me" else None),
            mine=owner == "me",
            can_change=self.request.user.has_perm("deals.change_deal"),
            **kwargs,
        )


class DealBoardMoveView(ModelPermissionMixin, TemplateView):
    """The drop target of the board: moves the deal and answers with the refreshed board."""

    model = Deal
    action = "change"
    template_name = "deals/_board.html"
    http_method_names = ["post"]

    def post(self, request, pk):
        deal = get_object_or_404(Deal, pk=pk)
        error = moved = None
        try:
            deal = deal_move(deal=deal, user=request.user, stage=request.POST.get("stage", ""))
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            # Read out by screen readers: the board itself changes silently.
            moved = _("“%(title)s” is now in %(stage)s.") % {
                "title": deal.title,
                "stage": deal.get_stage_display(),
            }
        owner = request.POST.get("owner")
        context = {
            "columns": deal_board(owner=request.user if owner == "me" else None),
            "mine": owner == "me",
            "can_change": True,
            "error": error,
            "moved": moved,
        }
        return render(request, self.template_name, context)
