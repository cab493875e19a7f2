"""Shared bases for the CRM's pages: every app's views only declare model, queryset,
filterset, table and form (see README, "Development")."""

from collections import defaultdict

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import InvalidPage
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.forms.models import model_to_dict
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.generic import DeleteView, DetailView, FormView, UpdateView
from django.views.generic.detail import SingleObjectMixin
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from .exports import ExportMixin
from .filters import laid_out_fields
from .forms import form_recheck
from .models import normalize_search
from .paging import LazyPaginator
from .registry import BoundPanel, list_actions, panels_for
from .roles import is_administrator, perm_name
from .selectors import (
    record_changes_since,
    record_history,
    record_version_changes,
    search_queryset,
    workflow_kept_fields,
)
from .services import (
    EditConflict,
    parse_version,
    record_claim,
    record_restore,
    records_bulk_set,
    version_token,
)


class ModelPermissionMixin(PermissionRequiredMixin):
    """Requires the model permission for ``action`` (view, add, change or delete).

    Anonymous users never get here (LoginRequiredMiddleware sends them to the login page);
    a logged-in user without the permission gets 403.
    """

    action = "view"
    raise_exception = True

    def get_permission_required(self):
        return (perm_name(self.model, self.action),)


class ObjectMixin(ModelPermissionMixin):
    """Common context: the model's names, for headings and buttons."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        opts = self.model._meta
        user = self.request.user
        context.update(
            verbose_name=opts.verbose_name,
            verbose_name_plural=opts.verbose_name_plural,
            app_label=opts.app_label,
            can_add=user.has_perm(perm_name(self.model, "add")),
            can_change=user.has_perm(perm_name(self.model, "change")),
            can_delete=user.has_perm(perm_name(self.model, "delete")),
        )
        return context


class ObjectListView(ObjectMixin, ExportMixin, SingleTableMixin, FilterView):
    """A filtered, searchable, sortable and paginated list, exportable as CSV and Excel
    (``?_export=csv|xlsx``: every row the filters select, see core/exports.py).

    Pagination never counts the whole table: LazyPaginator fetches one row more than a page
    to know whether there is a next one. A page past the end is 404, as in Django's lists.
    """

    template_name = "generic/object_list.html"
    # Only the table paginates: ListView's own ``paginate_by`` would page ``object_list`` too,
    # with Django's Paginator and its COUNT(*) over the whole filtered table.
    paginate_by = None
    table_pagination = {"paginator_class": LazyPaginator, "per_page": 50, "silent": False}

    # (label, URL name, action): pages acting on every record the filtered list shows,
    # offered to users with the permission for the action, with the list's query string.
    bulk_actions: tuple = ()

    def get_template_names(self):
        return [self.template_name]

    def get_table(self, **kwargs):
        try:
            return super().get_table(**kwargs)
        except InvalidPage as exc:
            raise Http404(_("No such page.")) from exc

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_fields"] = laid_out_fields(self.filterset.form)
        query = self.request.GET.copy()
        for name in ("page", "sort", "_export"):
            query.pop(name, None)
        context["bulk_links"] = [
            (label, f"{reverse(url_name)}?{query.urlencode()}")
            for label, url_name, action in self.bulk_actions
            if self.request.user.has_perm(perm_name(self.model, action))
        ]
        typed = query.copy()
        typed["type"] = self.model._meta.app_label
        context["bulk_links"] += [
            (action.label, f"{reverse(action.url_name)}?{typed.urlencode()}")
            for action in list_actions(self.model)
            if self.request.user.has_perm(action.permission)
        ]
        return context

    def get_filterset(self, filterset_class):
        """The list's filters, labelled in sentence case ("Medlem", "Ej verifierad sedan")
        whether the label is written in the filter or taken from a model field's verbose
        name, which is lower case."""
        filterset = super().get_filterset(filterset_class)
        for filter_ in filterset.filters.values():
            filter_.label = capfirst(filter_.label)
            # A form field built before (the API's schema reads the filters' fields) would
            # keep the old label: it is built again with this one.
            filter_.__dict__.pop("_field", None)
        return filterset


class ObjectDetailView(ObjectMixin, DetailView):
    """One record with everything related to it; apps add their related lists in context,
    and other apps their panels (core.registry.register_panel)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        bound = [
            (panel.side, BoundPanel(panel.template_name, panel.context(self.request, self.object)))
            for panel in panels_for(self.model)
        ]
        context["side_panels"] = [panel for side, panel in bound if side]
        context["panels"] = [panel for side, panel in bound if not side]
        return context

    def get_template_names(self):
        opts = self.model._meta
        return [f"{opts.app_label}/{opts.model_name}_detail.html", "generic/object_detail.html"]


class ObjectEditView(ObjectMixin, UpdateView):
    """Add (no pk in the URL) and edit (pk) with one view. Stamps who made the change.

    Editing is optimistic locking: the form carries the version it was opened on (a hidden
    ``record_version``), and a save is refused when someone else saved the record since: the
    form comes back with the user's input, who changed what, and the new version, so that
    saving again deliberately keeps the user's values. Never a silent overwrite.

    A save that loses a race for a unique value (someone saved the same email after this form
    was checked) comes back with the form's ordinary "already exists" error at the field.
    """

    template_name = "generic/object_form.html"
    version_field = "record_version"

    @property
    def action(self):
        return "change" if "pk" in self.kwargs else "add"

    def get_object(self, queryset=None):
        if "pk" not in self.kwargs:
            return None
        return super().get_object(queryset)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.object is not None:
            form.fields[self.version_field] = forms.CharField(
                widget=forms.HiddenInput, required=False, initial=version_token(self.object)
            )
        return form

    def form_valid(self, form):
        # A form posted without the token (not from this page) is saved as before.
        version = form.cleaned_data.get(self.version_field) if self.object is not None else ""
        try:
            with transaction.atomic():
                if version:
                    record_claim(record=self.object, version=version)
                form.instance.stamp(self.request.user)
                self.object = form.save()
        except EditConflict:
            return self.edit_conflict(form, version)
        except IntegrityError:
            if not form_recheck(form, adding=self.object is None):
                raise
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(type)s “%(name)s” was saved.")
            % {"type": self.model._meta.verbose_name.capitalize(), "name": self.object},
        )
        return redirect(self.get_success_url())

    def edit_conflict(self, form, version):
        """The refused save: the user's input, who saved in between and what they changed."""
        self.object = stored = self.model._default_manager.get(pk=self.object.pk)
        yours = {}
        for name, value in form.cleaned_data.items():
            try:
                model_field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue  # the version token, or a form-only field
            if model_field.many_to_many:
                yours[name] = tuple(sorted(obj.pk for obj in value or ()))
            elif model_field.is_relation:
                yours[name] = value.pk if value is not None else None
            else:
                yours[name] = value
        since, changes = record_changes_since(stored, parse_version(version), yours=yours)
        users = [v.history_user for v in since if v.history_user is not None] or [stored.updated_by]
        names = ", ".join(
            dict.fromkeys(u.get_full_name() or u.get_username() for u in users if u is not None)
        )
        form.add_error(
            None,
            _(
                "%(who)s saved this record at %(when)s, after you opened it, so your changes "
                "were not saved. The table shows what they changed; fields you had not changed "
                "now hold their values. Save again to keep your values."
            )
            % {
                "who": names or _("Someone"),
                "when": f"{timezone.localtime(stored.updated_at):%Y-%m-%d %H:%M}",
            },
        )
        # The form now stands on the version the user has seen: saving again keeps what they
        # typed, and no longer reverts what the other person changed in fields they left alone.
        data = form.data.copy()
        data[form.add_prefix(self.version_field)] = version_token(stored)
        current = model_to_dict(stored, fields=[c.name for c in changes if not c.changed_by_you])
        for name, value in current.items():
            if name not in form.fields:
                continue
            key = form.add_prefix(name)
            if isinstance(form.fields[name].widget, forms.CheckboxInput):
                data[key] = "on" if value else ""
            elif isinstance(value, list):  # many-to-many: the related records
                data.setlist(key, [str(obj.pk) for obj in value])
            else:
                data[key] = "" if value is None else value
        form.data = data
        context = self.get_context_data(form=form, conflict_changes=changes)
        return self.render_to_response(context, status=409)


class ObjectHistoryView(ObjectMixin, DetailView):
    """The record's change history: every version, who and when, field by field."""

    template_name = "generic/object_history.html"

    def get_context_data(self, **kwargs):
        entries, more = record_history(self.object)
        return super().get_context_data(
            entries=entries,
            more=more,
            can_restore=is_administrator(self.request.user),
            **kwargs,
        )


class ObjectDeleteView(ObjectMixin, DeleteView):
    """Delete after confirmation; refuse with the list of what still refers to the record."""

    action = "delete"
    template_name = "generic/object_confirm_delete.html"

    def get_success_url(self):
        return reverse(f"{self.model._meta.app_label}:list")

    def form_valid(self, form):
        name = str(self.object)
        try:
            self.object.delete()
        except (ProtectedError, RestrictedError) as exc:
            dependants = (
                exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
            )
            context = self.get_context_data(blockers=group_by_type(dependants))
            return TemplateResponse(self.request, self.template_name, context, status=409)
        messages.success(
            self.request,
            _("%(type)s “%(name)s” was deleted.")
            % {"type": self.model._meta.verbose_name.capitalize(), "name": name},
        )
        return redirect(self.get_success_url())


def group_by_type(objects, shown=5):
    """[(verbose_name_plural, count, first few objects)] for a message naming dependants."""
    groups = defaultdict(list)
    for obj in objects:
        groups[obj._meta.verbose_name_plural].append(obj)
    return [(name, len(objs), objs[:shown]) for name, objs in sorted(groups.items())]


class AutocompleteView(View):
    """JSON for the search-as-you-type select widgets (select2's format).

    The widget names the form field; the records offered are those of the field's related
    model that the user may view, matched on their folded search text.
    """

    page_size = 20

    def get(self, request):
        try:
            model = apps.get_model(request.GET["app_label"], request.GET["model_name"])
            field = model._meta.get_field(request.GET["field_name"])
            remote = field.remote_field.model
        except (KeyError, LookupError, FieldDoesNotExist, AttributeError) as exc:
            raise Http404 from exc
        if field.auto_created:  # a reverse relation ("contact.notes") is no form field
            raise Http404
        if not request.user.has_perm(perm_name(remote, "view")):
            raise PermissionDenied
        queryset = remote._default_manager.all()
        limit = field.get_limit_choices_to()
        if limit:
            queryset = queryset.complex_filter(limit)
        term = normalize_search(request.GET.get("term", ""))
        if term:
            queryset = search_queryset(queryset, term)
        if not queryset.ordered:  # pages of an unordered list could repeat or skip records
            queryset = queryset.order_by("pk")
        try:
            page = LazyPaginator(queryset, self.page_size).page(request.GET.get("page") or 1)
        except InvalidPage as exc:
            raise Http404(_("No such page.")) from exc
        return JsonResponse(
            {
                "results": [{"id": str(obj.pk), "text": str(obj)} for obj in page.object_list],
                "pagination": {"more": page.has_next()},
            }
        )


class ObjectActionView(ObjectMixin, SingleObjectMixin, FormView):
    """A workflow step on one record (convert, win, renew, verify…): a small form whose
    valid submission calls a service function.

    Subclasses set ``form_class`` (a plain form, or none for a confirmation), ``title`` and
    implement ``perform(form)``, returning the record to land on. A ValidationError from the
    service is shown on the form and nothing is changed.
    """

    action = "change"
    form_class = forms.Form
    template_name = "generic/object_action.html"
    title = ""
    submit_label = _lazy("Confirm")
    success_message = ""

    def dispatch(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, submit_label=self.submit_label, **kwargs)

    def perform(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            target = self.perform(form)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return redirect(target or self.object)


class ObjectPostView(ModelPermissionMixin, SingleObjectMixin, View):
    """A one-click workflow step (a button on the record's page): POST only, then back to
    the record with a message. ``perform()`` calls the service; a ValidationError becomes an
    error message and changes nothing."""

    action = "change"
    http_method_names = ["post"]
    success_message = ""

    def perform(self):
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            self.perform()
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if self.success_message:
                messages.success(request, self.success_message)
        return redirect(self.object)


class ObjectRestoreView(ObjectActionView):
    """Restore an earlier version from the change history, after seeing what it changes."""

    template_name = "generic/object_restore.html"
    title = _lazy("Restore an earlier version")
    submit_label = _lazy("Restore this version")
    success_message = _lazy("The earlier version was restored.")

    def has_permission(self):
        # Administrators only: a restore can overwrite several fields at once.
        return super().has_permission() and is_administrator(self.request.user)

    def get_context_data(self, **kwargs):
        changes = record_version_changes(self.object, self.kwargs["history_id"])
        if changes is None:
            raise Http404
        return super().get_context_data(
            changes=changes, kept_fields=workflow_kept_fields(self.model), **kwargs
        )

    def perform(self, form):
        record_restore(
            record=self.object, history_id=self.kwargs["history_id"], user=self.request.user
        )
        return reverse(f"{self.model._meta.app_label}:history", args=[self.object.pk])


class ResponsibleForm(forms.Form):
    responsible = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_lazy("Responsible case officer"),
        empty_label=_lazy("(nobody)"),
        help_text=_lazy("Leave empty to take the responsibility away."),
    )

    def __init__(self, *args, **kwargs):
        from django.contrib.auth import get_user_model

        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = (
            get_user_model().objects.filter(is_active=True).order_by("username")
        )


class ObjectBulkResponsibleView(ModelPermissionMixin, FormView):
    """Set the responsible case officer of every record a filtered list shows (all its
    pages): the list's filters come along in the query string."""

    action = "change"
    form_class = ResponsibleForm
    filterset_class = None
    template_name = "generic/object_bulk.html"

    def dispatch(self, request, *args, **kwargs):
        self.filterset = self.filterset_class(
            request.GET, queryset=self.model._default_manager.all(), request=request
        )
        return super().dispatch(request, *args, **kwargs)

    def records(self):
        if not self.filterset.is_valid():
            return self.model._default_manager.none()
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        opts = self.model._meta
        return super().get_context_data(
            title=_("Set the responsible case officer"),
            verbose_name_plural=opts.verbose_name_plural,
            list_url=f"{reverse(f'{opts.app_label}:list')}?{self.request.GET.urlencode()}",
            count=self.records().count(),
            **kwargs,
        )

    def form_valid(self, form):
        changed = records_bulk_set(
            queryset=self.records(),
            field="responsible",
            value=form.cleaned_data["responsible"],
            user=self.request.user,
            reason=_("Responsible set for a filtered list"),
        )
        messages.success(
            self.request,
            _("The responsible case officer was set on %(count)s records.") % {"count": changed},
        )
        opts = self.model._meta
        return redirect(f"{reverse(f'{opts.app_label}:list')}?{self.request.GET.urlencode()}")
