from django.conf import settings
from django.contrib.auth.mixins import UserPassesTestMixin
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.generic import ListView

from core.roles import is_administrator
from core.views import ObjectActionView
from security.services import security_event_record

from .selectors import person_deals, person_leads, person_notes, stale_leads
from .services import person_erase, person_export


class AdministratorRequiredMixin(UserPassesTestMixin):
    """Personal data as a whole is for administrators (Administratör) only; others get 403."""

    raise_exception = True

    def test_func(self):
        return is_administrator(self.request.user)


class PersonExportView(AdministratorRequiredMixin, View):
    """Everything held about a contact or a lead, as a JSON download."""

    model = None

    def get(self, request, pk):
        record = get_object_or_404(self.model, pk=pk)
        data = person_export(record=record)
        security_event_record(
            kind="export", request=request, model=record._meta.label_lower, record_id=record.pk
        )
        response = JsonResponse(
            data, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False, "indent": 2}
        )
        filename = f"personuppgifter-{record._meta.model_name}-{record.pk}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        # Personal data: no copy in a browser's or proxy's cache, as for the list exports.
        response["Cache-Control"] = "no-store"
        return response


class PersonEraseView(ObjectActionView):
    """Erase a person, after a confirmation page listing what is kept and what goes."""

    template_name = "privacy/person_erase.html"
    title = _lazy("Erase personal data")
    submit_label = _lazy("Erase the personal data")
    success_message = _lazy("The personal data was erased.")

    def has_permission(self):
        # Administrators only, on top of the right to change the record.
        return super().has_permission() and is_administrator(self.request.user)

    def get_context_data(self, **kwargs):
        record = self.object
        return super().get_context_data(
            note_count=person_notes(record).count(),
            deal_count=person_deals(record).count(),
            leads=list(person_leads(record)) if record._meta.model_name == "contact" else [],
            **kwargs,
        )

    def perform(self, form):
        return person_erase(record=self.object, user=self.request.user)


class StaleLeadListView(AdministratorRequiredMixin, ListView):
    """Leads never converted and not touched for PRIVACY_STALE_LEAD_MONTHS, for review."""

    template_name = "privacy/stale_leads.html"
    context_object_name = "leads"
    paginate_by = 50

    def get_queryset(self):
        return stale_leads()

    def get_context_data(self, **kwargs):
        return super().get_context_data(months=settings.PRIVACY_STALE_LEAD_MONTHS, **kwargs)
