from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core.views import (
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from deals.services import lead_convert
from members.models import Member

from .filters import LeadFilterSet
from .forms import LeadConvertForm, LeadDisqualifyForm, LeadForm
from .models import Lead
from .services import lead_disqualify, lead_existing_contact
from .tables import LeadTable


class LeadListView(ObjectListView):
    model = Lead
    queryset = Lead.objects.select_related("member", "owner")
    filterset_class = LeadFilterSet
    table_class = LeadTable


class LeadDetailView(ObjectDetailView):
    model = Lead
    queryset = Lead.objects.select_related(
        "member", "owner", "converted_contact", "deal", "created_by", "updated_by"
    )


class LeadEditView(ObjectEditView):
    model = Lead
    form_class = LeadForm

    def dispatch(self, request, *args, **kwargs):
        # A converted or disqualified lead is history: its contact and deal carry on.
        if "pk" in kwargs:
            lead = self.get_object()
            if lead.is_closed:
                messages.error(
                    request,
                    _("The lead is %(status)s and can no longer be edited.")
                    % {"status": lead.get_status_display().lower()},
                )
                return redirect(lead)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"owner": self.request.user.pk} if "pk" not in self.kwargs else {}


class LeadDeleteView(ObjectDeleteView):
    model = Lead


class LeadConvertView(ObjectActionView):
    model = Lead
    form_class = LeadConvertForm
    title = _lazy("Convert lead to contact and deal")
    submit_label = _lazy("Convert")
    template_name = "leads/lead_convert.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["existing_contact"] = lead_existing_contact(self.object)
        kwargs["initial"] = {"member": self.object.member_id}
        return kwargs

    def perform(self, form):
        data = form.cleaned_data
        result = lead_convert(
            lead=self.object,
            user=self.request.user,
            member=data.get("member"),
            new_member_name=data.get("new_member_name", ""),
            new_member_type=data.get("new_member_type") or Member.OrgType.OVRIGA,
            existing_contact=form.existing_contact if data.get("use_existing_contact") else None,
            service=data.get("service"),
            deal_title=data.get("deal_title", ""),
        )
        messages.success(
            self.request,
            _("The lead was converted: contact %(contact)s and deal “%(deal)s”.")
            % {"contact": result.contact, "deal": result.deal},
        )
        return result.deal


class LeadDisqualifyView(ObjectActionView):
    model = Lead
    form_class = LeadDisqualifyForm
    title = _lazy("Disqualify lead")
    submit_label = _lazy("Disqualify")
    success_message = _lazy("The lead was disqualified.")

    def perform(self, form):
        return lead_disqualify(
            lead=self.object, user=self.request.user, reason=form.cleaned_data["reason"]
        )
