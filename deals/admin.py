from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from contracts.services import deal_win
from core.admin import TrackedAdmin, WorkflowAdminMixin, workflow_action

from .forms import DealLoseForm, DealMoveForm
from .models import Deal
from .services import deal_lose, deal_move, deal_reopen


@admin.register(Deal)
class DealAdmin(WorkflowAdminMixin, TrackedAdmin):
    list_display = ("title", "member", "service", "stage", "probability", "value", "owner")
    list_filter = ("stage", "service")
    search_fields = ("title", "member__name")
    list_select_related = ("member", "service", "owner")
    autocomplete_fields = ("member", "service", "contacts", "lead", "owner")
    actions = [
        workflow_action(
            name="move",
            description=_("Move the selected deals to another stage…"),
            form_class=DealMoveForm,
            perform=lambda deal, user, stage: deal_move(deal=deal, user=user, stage=stage),
            done_message=_("Moved: %(count)d."),
        ),
        workflow_action(
            name="win",
            description=_("Mark the selected deals as won and draft their contracts…"),
            form_class=forms.Form,  # a confirmation: each won deal drafts a contract
            perform=lambda deal, user: deal_win(deal=deal, user=user),
            done_message=_("Won, with a draft contract: %(count)d."),
        ),
        workflow_action(
            name="lose",
            description=_("Mark the selected deals as lost…"),
            form_class=DealLoseForm,
            perform=lambda deal, user, **data: deal_lose(deal=deal, user=user, **data),
            done_message=_("Marked as lost: %(count)d."),
        ),
        workflow_action(
            name="reopen",
            description=_("Reopen the selected lost deals"),
            perform=lambda deal, user: deal_reopen(deal=deal, user=user),
            done_message=_("Reopened: %(count)d."),
        ),
    ]

    def workflow_steps(self, obj):
        def url(name):
            return reverse(f"deals:{name}", args=[obj.pk])

        if obj.is_open:
            return [
                (_("Move deal"), url("move")),
                (_("Mark deal as won"), url("win")),
                (_("Mark deal as lost"), url("lose")),
            ]
        if obj.stage == Deal.Stage.LOST:
            return [(_("Reopen deal"), url("reopen"))]
        return []
