from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.admin import TrackedAdmin, WorkflowAdminMixin, workflow_action

from .forms import LeadDisqualifyForm
from .models import Lead
from .services import lead_disqualify


@admin.register(Lead)
class LeadAdmin(WorkflowAdminMixin, TrackedAdmin):
    list_display = ("__str__", "organisation_name", "member", "email", "status", "owner")
    list_filter = ("status",)
    search_fields = ("first_name", "last_name", "email", "organisation_name", "member__name")
    list_select_related = ("member", "owner")
    autocomplete_fields = ("member", "owner")
    actions = [
        workflow_action(
            name="disqualify",
            description=_("Disqualify the selected leads…"),
            form_class=LeadDisqualifyForm,
            perform=lambda lead, user, reason: lead_disqualify(lead=lead, user=user, reason=reason),
            done_message=_("Disqualified: %(count)d."),
        ),
    ]

    def workflow_steps(self, obj):
        if obj.is_closed:
            return []
        # Converting asks for the member, the contact and the deal, one lead at a time.
        return [
            (_("Convert lead to contact and deal"), reverse("leads:convert", args=[obj.pk])),
            (_("Disqualify lead"), reverse("leads:disqualify", args=[obj.pk])),
        ]
