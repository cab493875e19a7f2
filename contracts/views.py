from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.generic.detail import BaseDetailView

from core.views import (
    ModelPermissionMixin,
    ObjectActionView,
    ObjectBulkResponsibleView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ObjectPostView,
)
from members.models import Member

from .filters import ContractFilterSet
from .forms import ContractForm, ContractPartyForm
from .models import Contract
from .selectors import member_contract_links, party_count, services_used_by
from .services import contract_add_party, contract_remove_party, contract_renew
from .tables import ContractTable


def member_services_panel(request, member):
    """The services a member uses, on its page (registered in apps.py)."""
    return {"services": services_used_by(member)}


def member_contracts_panel(request, member):
    """The contracts a member is party to, on its page (registered in apps.py)."""
    return {"contract_links": member_contract_links(member)}


class ContractListView(ObjectListView):
    model = Contract
    # A correlated subquery, not Count() with GROUP BY: only the rows of the page are
    # counted, instead of every contract in the table before the page is cut.
    queryset = Contract.objects.select_related("service", "responsible").annotate(
        party_count=party_count()
    )
    filterset_class = ContractFilterSet
    table_class = ContractTable
    bulk_actions = ((_lazy("Set responsible…"), "contracts:bulk_responsible", "change"),)


class ContractDetailView(ObjectDetailView):
    model = Contract
    queryset = Contract.objects.select_related(
        "service",
        "origin_deal",
        "origin_deal__member",
        "previous",
        "renewal",
        "responsible",
        "created_by",
        "updated_by",
    )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            party_links=self.object.party_links.select_related("member").order_by("member__name"),
            party_form=ContractPartyForm(),
            **kwargs,
        )


class ContractEditView(ObjectEditView):
    model = Contract
    form_class = ContractForm


class ContractDeleteView(ObjectDeleteView):
    model = Contract


class ContractPartyAddView(ObjectActionView):
    model = Contract
    form_class = ContractPartyForm
    title = _lazy("Add party")
    submit_label = _lazy("Add party")

    def perform(self, form):
        party = contract_add_party(
            contract=self.object, user=self.request.user, **form.cleaned_data
        )
        messages.success(self.request, _("%(member)s is now a party.") % {"member": party.member})
        return self.object


class ContractPartyRemoveView(ObjectPostView):
    model = Contract

    def perform(self):
        member = get_object_or_404(Member, pk=self.kwargs["member_pk"])
        contract_remove_party(contract=self.object, user=self.request.user, member=member)
        messages.success(self.request, _("%(member)s is no longer a party.") % {"member": member})


class ContractRenewView(ObjectActionView):
    model = Contract
    title = _lazy("Renew contract")
    submit_label = _lazy("Create the renewal")
    template_name = "contracts/contract_renew.html"

    def perform(self, form):
        renewal = contract_renew(contract=self.object, user=self.request.user)
        messages.success(
            self.request, _("A draft renewal was created with the same service and parties.")
        )
        return renewal.get_edit_url()


class ContractDocumentView(ModelPermissionMixin, BaseDetailView):
    """The signed document, only for logged-in users allowed to see the contract."""

    model = Contract

    def get(self, request, *args, **kwargs):
        contract = self.get_object()
        if not contract.document:
            raise Http404
        try:
            handle = contract.document.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        filename = f"{contract.number or contract.pk}.pdf"
        # Saved, not shown inline; and never kept in a browser's or proxy's cache, where
        # someone else could find a signed agreement.
        response = FileResponse(
            handle, as_attachment=True, content_type="application/pdf", filename=filename
        )
        response["Cache-Control"] = "no-store"
        return response


class ContractBulkResponsibleView(ObjectBulkResponsibleView):
    model = Contract
    filterset_class = ContractFilterSet
