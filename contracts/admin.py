from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from core.admin import CrmImportMixin, ServiceRefusalMixin, TrackedAdmin

from .models import Contract, ContractParty
from .resources import ContractResource
from .services import (
    contract_add_party,
    contract_parties_check,
    contract_remove_party,
)


class ContractPartyFormSet(BaseInlineFormSet):
    """The parties under a contract: saving may not leave it without one (the rule the
    services keep; checked here too, so that the form says so next to the rows)."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        remaining = [
            form.cleaned_data["member"]
            for form in self.forms
            if form.cleaned_data.get("member") and not self._should_delete_form(form)
        ]
        try:
            contract_parties_check(remaining)
        except ValidationError as error:
            raise ValidationError(error.messages) from None


class ContractPartyInline(admin.TabularInline):
    model = ContractParty
    formset = ContractPartyFormSet
    extra = 0
    autocomplete_fields = ("member",)
    fields = ("member", "role", "signed_on")


@admin.register(Contract)
class ContractAdmin(ServiceRefusalMixin, CrmImportMixin, TrackedAdmin):
    resource_classes = [ContractResource]
    list_display = ("title", "number", "service", "status", "start_date", "end_date", "value")
    list_filter = ("status", "service")
    search_fields = ("title", "number", "party_links__member__name")
    list_select_related = ("service",)
    autocomplete_fields = ("service", "origin_deal")
    inlines = (ContractPartyInline,)
    date_hierarchy = "end_date"

    def save_formset(self, request, form, formset, change):
        if formset.model is not ContractParty:
            return super().save_formset(request, form, formset, change)
        # Through the services the contract page uses: new parties first, then the removals,
        # so that replacing the only party works and removing the last one is refused.
        contract, user = form.instance, request.user
        for link in formset.save(commit=False):
            if link.pk is None:
                contract_add_party(
                    contract=contract,
                    user=user,
                    member=link.member,
                    role=link.role,
                    signed_on=link.signed_on,
                )
            else:  # another role, signing date or member: the number of parties stays
                link._history_user = user
                link.save()
        for link in formset.deleted_objects:
            contract_remove_party(contract=contract, user=user, member=link.member)


@admin.register(ContractParty)
class ContractPartyAdmin(ServiceRefusalMixin, admin.ModelAdmin):
    list_display = ("contract", "member", "role", "signed_on")
    list_filter = ("role",)
    search_fields = ("contract__title", "contract__number", "member__name")
    list_select_related = ("contract", "member")
    autocomplete_fields = ("contract", "member")
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        # Moving a party to another contract would take it from this one unchecked.
        return ("contract",) if obj is not None else ()

    def save_model(self, request, obj, form, change):
        if change:
            obj._history_user = request.user
            obj.save()
            return
        party = contract_add_party(
            contract=obj.contract,
            user=request.user,
            member=obj.member,
            role=obj.role,
            signed_on=obj.signed_on,
        )
        obj.pk, obj._state.adding = party.pk, False

    def delete_model(self, request, obj):
        contract_remove_party(contract=obj.contract, user=request.user, member=obj.member)

    def delete_queryset(self, request, queryset):
        # One by one through the service; a refusal undoes them all (ServiceRefusalMixin).
        for link in queryset.select_related("contract", "member"):
            contract_remove_party(contract=link.contract, user=request.user, member=link.member)
