from django.contrib import admin

from core.admin import (
    CrmImportMixin,
    LabelledAutocompleteInline,
    TrackedAdmin,
    UncountedListMixin,
)

from .models import Contract, ContractParty
from .resources import ContractResource


class ContractPartyInline(LabelledAutocompleteInline):
    model = ContractParty
    extra = 0
    autocomplete_fields = ("member",)
    fields = ("member", "role", "signed_on")

    def get_queryset(self, request):
        # Each row is named after its contract and member.
        return super().get_queryset(request).select_related("contract", "member")


@admin.register(Contract)
class ContractAdmin(CrmImportMixin, TrackedAdmin):
    resource_classes = [ContractResource]
    list_display = ("title", "number", "service", "status", "start_date", "end_date", "value")
    # Dates as ranges (this month, this year…): a date hierarchy reads every contract.
    list_filter = ("status", "service", "end_date")
    list_select_related = ("service",)
    autocomplete_fields = ("service", "origin_deal", "previous")
    inlines = (ContractPartyInline,)


@admin.register(ContractParty)
class ContractPartyAdmin(UncountedListMixin, admin.ModelAdmin):
    list_display = ("contract", "member", "role", "signed_on")
    list_filter = ("role",)
    search_fields = ("contract__title", "contract__number", "member__name")
    list_select_related = ("contract", "member")
    autocomplete_fields = ("contract", "member")
