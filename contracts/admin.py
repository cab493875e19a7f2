from django.contrib import admin

from core.admin import CrmImportMixin, TrackedAdmin

from .models import Contract, ContractParty
from .resources import ContractResource


class ContractPartyInline(admin.TabularInline):
    model = ContractParty
    extra = 0
    autocomplete_fields = ("member",)
    fields = ("member", "role", "signed_on")


@admin.register(Contract)
class ContractAdmin(CrmImportMixin, TrackedAdmin):
    resource_classes = [ContractResource]
    list_display = ("title", "number", "service", "status", "start_date", "end_date", "value")
    list_filter = ("status", "service")
    search_fields = ("title", "number", "party_links__member__name")
    list_select_related = ("service",)
    autocomplete_fields = ("service", "origin_deal")
    inlines = (ContractPartyInline,)
    date_hierarchy = "end_date"


@admin.register(ContractParty)
class ContractPartyAdmin(admin.ModelAdmin):
    list_display = ("contract", "member", "role", "signed_on")
    list_filter = ("role",)
    search_fields = ("contract__title", "contract__number", "member__name")
    list_select_related = ("contract", "member")
    autocomplete_fields = ("contract", "member")
    show_full_result_count = False
