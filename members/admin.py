from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from contacts.models import Contact
from core.admin import (
    CrmImportMixin,
    FirstRowsInline,
    ParentKnownFormSet,
    TrackedAdmin,
    UncountedListMixin,
    WorkflowAdminMixin,
    workflow_action,
)

from .forms import MembershipChangeForm
from .models import County, Coverage, Member, PopulationFigure
from .resources import MemberResource
from .services import member_change_status


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


class PopulationFigureInline(admin.TabularInline):
    model = PopulationFigure
    formset = ParentKnownFormSet
    extra = 0
    fields = ("year", "population", "source", "imported_at")
    readonly_fields = ("imported_at",)
    ordering = ("-year",)
    verbose_name_plural = _("population by year")


class CoverageInline(admin.TabularInline):
    """The municipalities a joint body is a member for ("omfattar")."""

    model = Coverage
    fk_name = "body"
    extra = 0
    fields = ("municipality", "start", "end")
    autocomplete_fields = ("municipality",)
    verbose_name_plural = _("covered municipalities (joint bodies)")


class ContactInline(FirstRowsInline):
    model = Contact
    fields = ("first_name", "last_name", "title", "email", "phone", "last_verified")
    show_change_link = True


@admin.register(Member)
class MemberAdmin(WorkflowAdminMixin, CrmImportMixin, TrackedAdmin):
    resource_classes = [MemberResource]
    actions = [
        workflow_action(
            name="change_membership",
            description=_("Change membership of the selected members…"),
            form_class=MembershipChangeForm,
            perform=lambda member, user, **data: member_change_status(
                member=member, user=user, **data
            ),
            done_message=_("Membership changed: %(count)d."),
        )
    ]
    list_display = (
        "name",
        "org_type",
        "status",
        "kommunkod",
        "county",
        "population",
        "population_year",
        "last_verified",
    )
    list_filter = ("status", "org_type", "county")
    list_select_related = ("county",)
    autocomplete_fields = ("county",)
    inlines = (ContactInline, CoverageInline, PopulationFigureInline)
    fieldsets = (
        (None, {"fields": ("name", "org_type", "last_verified")}),
        (_("Membership"), {"fields": ("status", "member_since", "member_until", "workflow")}),
        (_("Identifiers"), {"fields": ("kommunkod", "org_number", "county")}),
        (_("Population"), {"fields": ("population", "population_year")}),
        (_("Address"), {"fields": ("website", "address", "postal_code", "city")}),
        (_("Changes"), {"fields": TrackedAdmin.readonly_fields}),
    )

    def workflow_steps(self, obj):
        return [(_("Change membership"), reverse("members:membership", args=[obj.pk]))]

    def get_inlines(self, request, obj):
        inlines = super().get_inlines(request, obj)
        if obj is None or not obj.is_joint_body:  # only a joint body covers municipalities
            inlines = [inline for inline in inlines if inline is not CoverageInline]
        return inlines


@admin.register(PopulationFigure)
class PopulationFigureAdmin(UncountedListMixin, SimpleHistoryAdmin):
    list_display = ("member", "year", "population", "source", "imported_at")
    list_filter = ("year",)
    search_fields = ("member__name", "member__kommunkod")
    list_select_related = ("member",)
    autocomplete_fields = ("member",)
    readonly_fields = ("imported_at",)
