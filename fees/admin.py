from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin import TrackedAdmin, workflow_action

from .forms import FeeBandFormSet
from .models import FeeBand, FeeBasis, FeeLine, FeeSchedule
from .services import fee_schedule_copy


class FeeBandInline(admin.TabularInline):
    model = FeeBand
    formset = FeeBandFormSet
    extra = 0
    fields = ("lower", "upper", "entry_fee", "annual_fee")
    ordering = ("lower",)


@admin.register(FeeSchedule)
class FeeScheduleAdmin(TrackedAdmin):
    actions = [
        workflow_action(
            name="copy_to_next_year",
            description=_("Copy the selected schedules to the next year"),
            perform=lambda schedule, user: fee_schedule_copy(
                schedule=schedule, year=schedule.year + 1, user=user
            ),
            done_message=_("Schedules copied: %(count)d."),
        )
    ]
    list_display = (
        "year",
        "population_year",
        "other_entry_fee",
        "other_annual_fee",
        "rejoin_entry_share",
        "prorate_first_year",
    )
    inlines = (FeeBandInline,)
    fieldsets = (
        (None, {"fields": ("year", "population_year")}),
        (
            _("Organisations that are not municipalities or regions"),
            {"fields": ("other_entry_fee", "other_annual_fee", "group_by_population")},
        ),
        (_("Rules"), {"fields": ("rejoin_entry_share", "prorate_first_year")}),
        (_("Changes"), {"fields": TrackedAdmin.readonly_fields}),
    )


class FeeLineInline(admin.TabularInline):
    model = FeeLine
    fields = (
        "name",
        "org_number",
        "population",
        "band",
        "months",
        "annual_fee",
        "entry_fee",
        "total",
    )
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(FeeBasis)
class FeeBasisAdmin(SimpleHistoryAdmin):
    """Issued bases, to read: they are issued on the basis page and never edited."""

    list_display = ("year", "version", "issued_at", "issued_by", "reason")
    list_filter = ("year",)
    readonly_fields = ("year", "version", "issued_at", "issued_by", "reason")
    inlines = (FeeLineInline,)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
