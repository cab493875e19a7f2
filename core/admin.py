from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import InvalidPage
from django.db import models, transaction
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _lazy
from import_export.admin import ImportMixin
from import_export.formats.base_formats import XLSX
from import_export.results import RowResult
from simple_history.admin import SimpleHistoryAdmin

from .paging import LazyPaginator
from .registry import admin_inlines_for
from .resources import ImportFileError, SpreadsheetCSV, cell_text
from .roles import is_administrator
from .selectors import search_queryset
from .signals import records_imported


class LazyAdminPaginator(LazyPaginator):
    """Pages without counting: a page reads one row more than it shows, which tells whether
    another page follows (core.paging.LazyPaginator, with the page range the admin's page
    links need)."""

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True):
        # The admin passes these positionally; LazyPaginator takes look_ahead there.
        super().__init__(
            object_list, per_page, orphans=orphans, allow_empty_first_page=allow_empty_first_page
        )

    @property
    def page_range(self):
        return range(1, self.num_pages + 1)


class UncountedChangeList(ChangeList):
    """An admin list that never counts its rows: counting a large table, or every row a
    search matches, costs more than the page itself. It shows the rows of the page, links to
    the pages up to the next one, and how many rows it has seen."""

    def get_results(self, request):
        paginator = self.model_admin.get_paginator(request, self.queryset, self.list_per_page)
        try:
            page = paginator.page(self.page_num)
        except InvalidPage as exc:
            raise IncorrectLookupParameters from exc
        first = (page.number - 1) * self.list_per_page
        last = first + len(page.object_list)
        self.result_list = page.object_list
        # The rows of this page: actions then never offer "select all N" across pages, and
        # the search box shows no count (both need the count the list does not make).
        self.result_count = len(page.object_list)
        self.full_result_count = self.result_count
        self.show_full_result_count = False
        self.show_admin_actions = True
        self.can_show_all = False
        self.multi_page = paginator.num_pages > 1
        self.paginator = paginator
        names = self.opts.verbose_name_plural
        if not page.object_list:
            self.result_summary = _("No %(names)s") % {"names": names}
        elif paginator.is_last_page(page.number):
            self.result_summary = _("%(first)s–%(last)s of %(count)s %(names)s") % {
                "first": first + 1,
                "last": last,
                "count": last,
                "names": names,
            }
        else:
            self.result_summary = _("%(first)s–%(last)s of more %(names)s") % {
                "first": first + 1,
                "last": last,
                "names": names,
            }


class UncountedListMixin:
    """Admin lists of large tables: pages without a count and no facet counts."""

    paginator = LazyAdminPaginator
    list_per_page = 50
    show_facets = admin.ShowFacets.NEVER

    def get_changelist(self, request, **kwargs):
        return UncountedChangeList


class TrackedAdmin(UncountedListMixin, SimpleHistoryAdmin):
    """Shared admin for CRM records: history, who-changed-it columns, and lists that stay fast
    on large tables: no count (UncountedListMixin), no select box with every row, and a
    search through the records' indexed search text, the search of the CRM's own lists
    (every word anywhere in the record's searchable fields). Filters are choices or dates,
    none that reads the table to offer its values; inlines of rows that may be many show
    the first ones (FirstRowsInline)."""

    readonly_fields = ("created_at", "created_by", "updated_at", "updated_by")
    search_fields = ("search_text",)
    search_help_text = gettext_lazy(
        "Finds the records that contain every word typed, as the search of the lists does."
    )
    # A website typed without a scheme is an https address.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        # A change page shows who created and last changed the record: read them with it.
        # (The list then takes these joins as they are, so they include its own.)
        related = (
            self.list_select_related if isinstance(self.list_select_related, tuple | list) else ()
        )
        return super().get_queryset(request).select_related("created_by", "updated_by", *related)

    def get_search_results(self, request, queryset, search_term):
        return search_queryset(queryset, search_term), False

    def get_inlines(self, request, obj):
        # Its own inlines, then those other apps registered for the model (core.registry).
        return [*super().get_inlines(request, obj), *admin_inlines_for(self.model)]

    def save_model(self, request, obj, form, change):
        obj.stamp(request.user)
        if hasattr(obj, "author_id") and obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        # Inline rows (notes under a deal, contacts under a member) get the same stamps.
        for obj in formset.save(commit=False):
            if hasattr(obj, "stamp"):
                obj.stamp(request.user)
            if hasattr(obj, "author_id") and obj.author_id is None:
                obj.author = request.user
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


class ParentKnownFormSet(BaseInlineFormSet):
    """An inline formset whose rows know the record they belong to (Django sets only its
    id), so that a row named after it (a population figure: "Kiruna 2024") costs no query."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if getattr(form.instance, self.fk.attname) == self.instance.pk:
            setattr(form.instance, self.fk.name, self.instance)
        return form


class FirstRowsFormSet(ParentKnownFormSet):
    """An inline formset of a record's first ``limit`` related rows (in their usual order):
    a member with 300 contacts renders 20 of them, not 300 forms."""

    limit = 20

    def get_queryset(self):
        if not hasattr(self, "_first_rows"):
            self._first_rows = list(super().get_queryset()[: self.limit])
        return self._first_rows


class LabelledAutocompleteSelect(AutocompleteSelect):
    """An autocomplete whose chosen option is labelled from the object the form already
    holds, instead of a query per inline row."""

    chosen = None  # (value, label), set by LabelledChoicesForm

    def optgroups(self, name, value, attr=None):
        values = {str(v) for v in value if v not in (None, "")}
        if self.chosen is None or values != {str(self.chosen[0])}:
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        options.append(self.create_option(name, *self.chosen, True, len(options)))
        return [(None, options, 0)]


class LabelledChoicesForm(forms.ModelForm):
    """Hands its autocomplete widgets the related objects its row was read with."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = getattr(field.widget, "widget", field.widget)
            model_field = self.instance._meta.get_field(name)
            if isinstance(widget, LabelledAutocompleteSelect) and model_field.is_cached(
                self.instance
            ):
                related = getattr(self.instance, name)
                if related is not None:
                    widget.chosen = (related.pk, field.label_from_instance(related))


class LabelledAutocompleteInline(admin.TabularInline):
    """An inline whose rows label their autocomplete fields from the related objects its
    queryset selects (``select_related``), so that it costs no query per row."""

    form = LabelledChoicesForm

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = LabelledAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class FirstRowsInline(admin.TabularInline):
    """An inline of the first ``FirstRowsFormSet.limit`` related rows, with a link under them
    to the admin list of all of them."""

    formset = FirstRowsFormSet
    template = "admin/edit_inline/tabular_first_rows.html"
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.all_rows_url = formset.all_rows_text = None
        if obj is not None and obj.pk:
            opts = self.model._meta
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            formset.all_rows_url = f"{url}?{formset.fk.name}__id__exact={obj.pk}"
            formset.all_rows_text = _("All %(names)s") % {"names": opts.verbose_name_plural}
        return formset


class ServiceRefusalMixin:
    """For admin pages whose writes go through the CRM's service functions: a refusal
    (ValidationError, such as removing a contract's last party) is shown as an error
    message and the whole request changes nothing, as on the CRM's own pages."""

    def _refused(self, request, error: ValidationError):
        self.message_user(request, " ".join(error.messages), messages.ERROR)
        return HttpResponseRedirect(request.get_full_path())

    def changeform_view(self, request, *args, **kwargs):
        try:
            with transaction.atomic():
                return super().changeform_view(request, *args, **kwargs)
        except ValidationError as error:
            return self._refused(request, error)

    def delete_view(self, request, *args, **kwargs):
        try:
            with transaction.atomic():
                return super().delete_view(request, *args, **kwargs)
        except ValidationError as error:
            return self._refused(request, error)

    def changelist_view(self, request, *args, **kwargs):
        try:  # the actions, such as "Delete selected"
            with transaction.atomic():
                return super().changelist_view(request, *args, **kwargs)
        except ValidationError as error:
            return self._refused(request, error)


class WorkflowAdminMixin:
    """A record whose workflow fields change only through the CRM's workflows.

    The model's ``workflow_fields`` are read-only on the admin's add and change pages; the
    change page shows the record's ``workflow_steps`` as links to the CRM pages that run
    them, and the list offers the workflows as actions (``workflow_action``) that call the
    same services.
    """

    def workflow_steps(self, obj) -> list[tuple[str, str]]:
        """[(label, CRM url)] of the workflow steps open to ``obj`` now."""
        return []

    def get_readonly_fields(self, request, obj=None):
        workflow_fields = getattr(self.model, "workflow_fields", ())
        return (*super().get_readonly_fields(request, obj), *workflow_fields, "workflow")

    @admin.display(description=_lazy("Workflow"))
    def workflow(self, obj):
        steps = self.workflow_steps(obj) if obj is not None and obj.pk else []
        if not steps:
            return "—"
        return format_html_join(" · ", '<a href="{1}">{0}</a>', steps)


def workflow_action(*, name, description, perform, form_class=None, done_message):
    """An admin action that runs a workflow step on each selected record.

    ``perform(obj, user, **cleaned_data)`` calls the service the CRM page calls. With a
    ``form_class`` (the CRM page's form, or ``forms.Form`` for a plain confirmation) a page
    first asks for its input; nothing is changed until it is submitted valid. A record the
    service refuses is named with the reason and left as it was; the others are changed.
    """

    def action(modeladmin, request, queryset):
        data = {}
        if form_class is not None:
            form = form_class(request.POST if "apply" in request.POST else None)
            if not form.is_bound or not form.is_valid():
                context = {
                    **modeladmin.admin_site.each_context(request),
                    "title": description,
                    "opts": modeladmin.model._meta,
                    "form": form,
                    "queryset": queryset,
                    "action": request.POST.get("action", ""),
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                    "select_across": request.POST.get("select_across", "0"),
                }
                return TemplateResponse(request, "admin/workflow_action.html", context)
            data = form.cleaned_data
        done, refused = 0, []
        for obj in queryset:
            try:
                perform(obj, request.user, **data)
            except ValidationError as error:
                refused.append(f"{obj}: {' '.join(error.messages)}")
            else:
                done += 1
        if done:
            modeladmin.message_user(request, done_message % {"count": done}, messages.SUCCESS)
        for reason in refused:
            modeladmin.message_user(request, reason, messages.ERROR)
        return None

    action.short_description = description
    action.allowed_permissions = ("change",)
    action.__name__ = name  # what the list's action menu posts
    return action


class CrmImportMixin(ImportMixin):
    """Import from CSV or XLSX in the admin, for administrators only.

    The first step runs the whole file in a transaction that is rolled back and shows every
    row as new, update, unchanged or rejected (with the reasons); "Confirm import" appears
    only when no row is rejected. The confirmed import is one transaction too: should a row
    fail then (the data changed in between), nothing is written and the rows are shown again.
    """

    # CSV as the lists export it and as Excel saves it (delimiter and encoding found in the
    # file); the format's label stays "csv".
    import_formats = [SpreadsheetCSV, XLSX]
    import_template_name = "admin/crm_import.html"

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportFileError):
            form.add_error("import_file", str(e))
        else:
            form.add_error(
                "import_file",
                _("The file could not be read: is it of the format chosen (CSV or Excel)?"),
            )

    def has_import_permission(self, request):
        return is_administrator(request.user)

    def create_import_form(self, request):
        form = super().create_import_form(request)
        form.fields["import_file"].label = _("File to import")
        form.fields["format"].label = _("Format")
        return form

    def add_success_message(self, result, request):
        totals = result.totals
        messages.success(
            request,
            _("Imported: %(new)s new, %(updated)s updated, %(skipped)s unchanged.")
            % {
                "new": totals[RowResult.IMPORT_TYPE_NEW],
                "updated": totals[RowResult.IMPORT_TYPE_UPDATE],
                "skipped": totals[RowResult.IMPORT_TYPE_SKIP],
            },
        )

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        # The library rolls back on exceptions only; a rejected row must roll back too.
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        if isinstance(response, TemplateResponse) and response.context_data.get("result"):
            response.context_data["preview"] = import_preview(response.context_data["result"])
        return response

    def process_dataset(self, dataset, form, request, **kwargs):
        result = super().process_dataset(dataset, form, request, **kwargs)
        if not (result.has_errors() or result.has_validation_errors()):
            records_imported.send(
                sender=self.model,
                request=request,
                file_name=form.cleaned_data.get("original_file_name", ""),
                totals=dict(result.totals),
            )
        return result

    def process_result(self, result, request):
        if not (result.has_errors() or result.has_validation_errors()):
            return super().process_result(result, request)
        messages.error(request, _("Nothing was imported: the file no longer imports cleanly."))
        form = self.get_import_form_class(request)(
            self.get_import_formats(), self.get_import_resource_classes(request)
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import"),
            "opts": self.model._meta,
            "form": form,
            "result": result,
            "preview": import_preview(result),
            "import_error_display": self.import_error_display,
        }
        return TemplateResponse(request, [self.import_template_name], context, status=409)


IMPORT_ACTIONS = {
    RowResult.IMPORT_TYPE_NEW: ("new", _lazy("New")),
    RowResult.IMPORT_TYPE_UPDATE: ("update", _lazy("Update")),
    RowResult.IMPORT_TYPE_SKIP: ("skip", _lazy("Unchanged")),
    RowResult.IMPORT_TYPE_DELETE: ("delete", _lazy("Delete")),
    RowResult.IMPORT_TYPE_INVALID: ("error", _lazy("Rejected")),
    RowResult.IMPORT_TYPE_ERROR: ("error", _lazy("Rejected")),
}


def import_preview(result) -> dict:
    """Every row of an import result with what happens to it, its problems and its values.

    Line numbers are the file's: line 1 holds the headers.
    """
    rows = []
    for line, row in enumerate(result.rows, start=2):
        css, label = IMPORT_ACTIONS.get(row.import_type, ("", row.import_type))
        problems = [str(error.error) for error in row.errors]
        error = row.validation_error
        if error is not None:
            if hasattr(error, "error_dict"):
                for key, messages_ in error.message_dict.items():
                    prefix = "" if key == NON_FIELD_ERRORS else f"{key}: "
                    problems += [prefix + message for message in messages_]
            else:
                problems += error.messages
        if row.diff and row.is_valid():
            cells = row.diff
        else:
            cells = [cell_text(row.row_values.get(h)) for h in result.diff_headers]
        rows.append(
            {
                "line": line,
                "css": css,
                "action": label,
                "record": row.object_repr or "",
                "problems": problems,
                "cells": cells,
            }
        )
    counts = {}
    for row in rows:
        counts[row["action"]] = counts.get(row["action"], 0) + 1
    return {
        "headers": result.diff_headers,
        "rows": rows,
        "counts": sorted(counts.items()),
        "has_problems": any(row["problems"] for row in rows),
    }


admin.site.site_header = "Sambruk CRM"
admin.site.site_title = "Sambruk CRM"
