"""Shared bases for the CRM's pages: every app's views only declare model, queryset,
filterset, table and form (see README, "Development")."""

from collections import defaultdict

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.generic import DeleteView, DetailView, FormView, TemplateView, UpdateView
from django.views.generic.detail import SingleObjectMixin
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.paginators import LazyPaginator

from .models import normalize_search
from .roles import perm_name
from .selectors import SEARCH_LIMIT, global_search, search_queryset


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


class ObjectListView(ObjectMixin, SingleTableMixin, FilterView):
    """A filtered, searchable, sortable and paginated list.

    Pagination never counts the whole table: LazyPaginator fetches one row more than a page
    to know whether there is a next one.
    """

    template_name = "generic/object_list.html"
    # Only the table paginates: ListView's own ``paginate_by`` would page ``object_list`` too,
    # with Django's Paginator and its COUNT(*) over the whole filtered table.
    paginate_by = None
    table_pagination = {"paginator_class": LazyPaginator, "per_page": 50}

    def get_template_names(self):
        return [self.template_name]


class ObjectDetailView(ObjectMixin, DetailView):
    """One record with everything related to it; apps add their related lists in context."""

    def get_template_names(self):
        opts = self.model._meta
        return [f"{opts.app_label}/{opts.model_name}_detail.html", "generic/object_detail.html"]


class ObjectEditView(ObjectMixin, UpdateView):
    """Add (no pk in the URL) and edit (pk) with one view. Stamps who made the change."""

    template_name = "generic/object_form.html"

    @property
    def action(self):
        return "change" if "pk" in self.kwargs else "add"

    def get_object(self, queryset=None):
        if "pk" not in self.kwargs:
            return None
        return super().get_object(queryset)

    def form_valid(self, form):
        form.instance.stamp(self.request.user)
        response = super().form_valid(form)
        messages.success(
            self.request,
            _("%(type)s “%(name)s” was saved.")
            % {"type": self.model._meta.verbose_name.capitalize(), "name": self.object},
        )
        return response


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


class HomeView(TemplateView):
    template_name = "home.html"


class SearchView(TemplateView):
    """One search over all seven record types, grouped by type."""

    template_name = "search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()
        context.update(q=query, groups=global_search(self.request.user, query), limit=SEARCH_LIMIT)
        return context


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
        except (KeyError, LookupError, AttributeError) as exc:
            raise Http404 from exc
        if not request.user.has_perm(perm_name(remote, "view")):
            raise PermissionDenied
        queryset = remote._default_manager.all()
        limit = field.get_limit_choices_to()
        if limit:
            queryset = queryset.complex_filter(limit)
        term = normalize_search(request.GET.get("term", ""))
        if term:
            queryset = search_queryset(queryset, term)
        try:
            page = max(int(request.GET.get("page", 1)), 1)
        except ValueError:
            page = 1
        start = (page - 1) * self.page_size
        rows = list(queryset[start : start + self.page_size + 1])
        return JsonResponse(
            {
                "results": [
                    {"id": str(obj.pk), "text": str(obj)} for obj in rows[: self.page_size]
                ],
                "pagination": {"more": len(rows) > self.page_size},
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
