from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Paginator
from django.db import connection, models, transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from import_export.admin import ImportMixin
from import_export.formats.base_formats import XLSX
from import_export.results import RowResult
from simple_history.admin import SimpleHistoryAdmin

from .registry import admin_inlines_for
from .resources import ImportFileError, SpreadsheetCSV, cell_text
from .roles import is_administrator
from .signals import records_imported


class EstimatedCountPaginator(Paginator):
    """Paginator that avoids a full COUNT(*) over large PostgreSQL tables.

    Unfiltered lists use the planner's row estimate; filtered ones still count exactly, since
    a filter usually narrows the table to a size that counts fast.
    """

    @cached_property
    def count(self):
        query = self.object_list.query
        if connection.vendor == "postgresql" and not query.where:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                    [self.object_list.model._meta.db_table],
                )
                row = cursor.fetchone()
            if row and row[0] > 10_000:
                return row[0]
        return super().count


class TrackedAdmin(SimpleHistoryAdmin):
    """Shared admin for CRM records: history, who-changed-it columns, and lists that stay fast
    on large tables (no full count, no select box with every row)."""

    show_full_result_count = False
    paginator = EstimatedCountPaginator
    list_per_page = 50
    readonly_fields = ("created_at", "created_by", "updated_at", "updated_by")
    # A website typed without a scheme is an https address.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

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
