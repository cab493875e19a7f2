from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from contacts.models import Contact
from core.admin import (
    CrmImportMixin,
    FirstRowsInline,
    ParentKnownFormSet,
    TrackedAdmin,
    UncountedListMixin,
    related_list_link,
)

from .models import County, Member, PopulationFigure
from .resources import MemberResource


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


class ContactInline(FirstRowsInline):
    model = Contact
    fields = ("first_name", "last_name", "title", "email", "phone", "last_verified")
    show_change_link = True


@admin.register(Member)
class MemberAdmin(CrmImportMixin, TrackedAdmin):
    resource_classes = [MemberResource]
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
    inlines = (ContactInline, PopulationFigureInline)
    fieldsets = (
        (None, {"fields": ("name", "org_type", "status", "member_since", "last_verified")}),
        (_("Identifiers"), {"fields": ("kommunkod", "org_number", "county")}),
        (_("Population"), {"fields": ("population", "population_year")}),
        (_("Address"), {"fields": ("website", "address", "postal_code", "city")}),
        (_("Contacts"), {"fields": ("all_contacts",)}),
        (_("Changes"), {"fields": TrackedAdmin.readonly_fields}),
    )
    readonly_fields = ("all_contacts", *TrackedAdmin.readonly_fields)

    @admin.display(description=_("contacts"))
    def all_contacts(self, obj):
        return related_list_link(Contact, "member", obj, _("All contacts of this member"))


@admin.register(PopulationFigure)
class PopulationFigureAdmin(UncountedListMixin, SimpleHistoryAdmin):
    list_display = ("member", "year", "population", "source", "imported_at")
    list_filter = ("year",)
    search_fields = ("member__name", "member__kommunkod")
    list_select_related = ("member",)
    autocomplete_fields = ("member",)
    readonly_fields = ("imported_at",)
