from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView

from .feeds import calendar_feed, calendar_token_new, calendar_url, calendar_user
from .filters import CampaignFilterSet, TaskFilterSet
from .forms import (
    CampaignForm,
    CompleteForm,
    PostponeForm,
    QuickTaskForm,
    ReassignForm,
    TaskForm,
    active_users,
)
from .models import SUBJECT_FIELDS, Campaign, ReminderSettings, Task
from .selectors import open_tasks_about, task_list
from .services import (
    announce_assignment,
    campaign_create,
    task_complete,
    task_create,
    task_postpone,
    task_reassign,
)
from .tables import CampaignTable, TaskTable

PANEL_LIMIT = 30


def tasks_panel(subject_field):
    """The tasks panel of a record's page: loaded by htmx once the page is there, so that
    the page itself costs no query more (tasks/_panel_loader.html)."""

    def context(request, record):
        return {"subject_field": subject_field, "subject": record}

    return context


def panel_context(request, subject_field, subject, form=None, errors=None):
    """What tasks/_panel.html needs: the record's open tasks, a form to add one, and the
    users to give a task to (one query for the form and every task's "reassign")."""
    can_change = request.user.has_perm("tasks.change_task")
    can_add = request.user.has_perm("tasks.add_task")
    users = list(active_users()) if can_add or can_change else []
    tasks = list(open_tasks_about(subject_field, subject)[: PANEL_LIMIT + 1])
    return {
        "subject_field": subject_field,
        "subject": subject,
        "tasks": tasks[:PANEL_LIMIT],
        "more": len(tasks) > PANEL_LIMIT,
        "users": users,
        "form": form or QuickTaskForm(user=request.user, users=users),
        "errors": errors or [],
        "can_add": can_add,
        "can_change": can_change,
    }


def _subject(subject_field, pk):
    if subject_field not in SUBJECT_FIELDS:
        raise Http404
    model = Task._meta.get_field(subject_field).related_model
    return get_object_or_404(model, pk=pk)


class TaskPanelView(PermissionRequiredMixin, View):
    """The tasks panel of one record (GET), and adding a task to it (POST)."""

    raise_exception = True

    def get_permission_required(self):
        return ("tasks.add_task",) if self.request.method == "POST" else ("tasks.view_task",)

    def get(self, request, subject_field, pk):
        subject = _subject(subject_field, pk)
        if not request.htmx:
            return redirect(subject)  # a part of the record's page: shown there
        return render(
            request, "tasks/_panel.html", {"panel": panel_context(request, subject_field, subject)}
        )

    def post(self, request, subject_field, pk):
        subject = _subject(subject_field, pk)
        form = QuickTaskForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                task_create(user=request.user, **form.cleaned_data, **{subject_field: subject})
            except ValidationError as exc:
                form.add_error(None, exc)
        if form.is_valid():
            form = None
            if not request.htmx:
                messages.success(request, _("The task was added."))
        elif not request.htmx:
            messages.error(request, _("The task was not added: give it a title."))
        if not request.htmx:
            return redirect(subject)
        panel = panel_context(request, subject_field, subject, form=form)
        return render(request, "tasks/_panel.html", {"panel": panel})


class TaskStepView(PermissionRequiredMixin, View):
    """A step on one task from a panel or the task's page: complete, postpone, reassign.
    Answers htmx with the refreshed panel of the task's record (or of the task alone)."""

    permission_required = "tasks.change_task"
    raise_exception = True
    http_method_names = ["post"]
    form_class = None
    success_message = ""

    def perform(self, task, form):
        raise NotImplementedError

    def post(self, request, pk):
        task = get_object_or_404(Task.objects.select_related(*SUBJECT_FIELDS), pk=pk)
        form = self.form_class(request.POST)
        errors = []
        if form.is_valid():
            try:
                self.perform(task, form)
            except ValidationError as exc:
                errors = exc.messages
        else:
            errors = [e for field_errors in form.errors.values() for e in field_errors]
        subject_field = next((n for n in SUBJECT_FIELDS if getattr(task, f"{n}_id")), None)
        if not request.htmx or subject_field is None or request.POST.get("from") == "task":
            for error in errors:
                messages.error(request, error)
            if not errors and self.success_message:
                messages.success(request, self.success_message)
            back = request.POST.get("from") == "task" or subject_field is None
            return redirect(task if back else task.subject)
        panel = panel_context(request, subject_field, task.subject, errors=errors)
        response = render(request, "tasks/_panel.html", {"panel": panel})
        if getattr(self, "wrote_note", False):
            response["HX-Trigger"] = "notes-changed"  # the notes panel fetches itself again
        return response


class TaskCompleteView(TaskStepView):
    form_class = CompleteForm

    @property
    def success_message(self):
        return _("The task was marked done.")

    def perform(self, task, form):
        task = task_complete(
            task=task, user=self.request.user, outcome=form.cleaned_data["outcome"]
        )
        self.wrote_note = task.outcome_note_id is not None


class TaskPostponeView(TaskStepView):
    form_class = PostponeForm

    @property
    def success_message(self):
        return _("The task was postponed.")

    def perform(self, task, form):
        # new_date() may refuse too (a date past the calendar's end): shown like the rest.
        task_postpone(task=task, user=self.request.user, until=form.new_date(task))


class TaskReassignView(TaskStepView):
    form_class = ReassignForm

    @property
    def success_message(self):
        return _("The task was given to someone else.")

    def perform(self, task, form):
        task_reassign(task=task, user=self.request.user, assignee=form.cleaned_data["assignee"])


class TaskListView(ObjectListView):
    model = Task
    queryset = task_list()
    filterset_class = TaskFilterSet
    table_class = TaskTable


class TaskDetailView(ObjectDetailView):
    model = Task
    queryset = task_list().select_related(
        "completed_by", "outcome_note", "created_by", "updated_by"
    )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            complete_form=CompleteForm(),
            postpone_form=PostponeForm(),
            reassign_form=ReassignForm(initial={"assignee": self.object.assignee_id}),
            **kwargs,
        )


class TaskEditView(ObjectEditView):
    model = Task
    form_class = TaskForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        # "Add task" links from other pages pass the record in the query string.
        return {name: self.request.GET[name] for name in SUBJECT_FIELDS if name in self.request.GET}

    def form_valid(self, form):
        if self.object is None:
            data = {k: v for k, v in form.cleaned_data.items() if k != self.version_field}
            try:
                self.object = task_create(user=self.request.user, **data)
            except ValidationError as exc:
                form.add_error(None, exc)
                return self.form_invalid(form)
            messages.success(
                self.request,
                _("%(type)s “%(name)s” was saved.")
                % {"type": self.model._meta.verbose_name.capitalize(), "name": self.object},
            )
            return redirect(self.object)
        reassigned = "assignee" in form.changed_data
        if reassigned:
            form.instance.assigned_at = timezone.now()
        response = super().form_valid(form)
        if reassigned and response.status_code == 302:
            # Given to someone else in the form: as by "Ge till", they are told by email
            # (the save is committed by now; a refused save tells nobody).
            announce_assignment(self.object, self.request.user)
        return response


class TaskDeleteView(ObjectDeleteView):
    model = Task


# --- Reminders: the account page's section, the digest switch and the calendar feed --------

CALENDAR_URL_ONCE = "tasks_calendar_url_once"


def account_reminders_panel(request, user):
    """The reminders section of the account page (registered in apps.py)."""
    reminders = ReminderSettings.objects.filter(user=user).first()
    return {
        "digest": reminders.digest if reminders else True,
        "has_feed": bool(reminders and reminders.calendar_token_hash),
        "feed_created": reminders.calendar_token_created if reminders else None,
        # The address with its token, shown once, right after it was made.
        "feed_url": request.session.pop(CALENDAR_URL_ONCE, None),
        "email": user.email,
    }


class ReminderSettingsView(View):
    """The daily digest on or off, for the user themselves."""

    http_method_names = ["post"]

    def post(self, request):
        digest = request.POST.get("digest") == "on"
        ReminderSettings.objects.update_or_create(user=request.user, defaults={"digest": digest})
        messages.success(
            request,
            _("You will get the daily digest.")
            if digest
            else _("You will no longer get the daily digest."),
        )
        return redirect("security:account")


class CalendarTokenView(View):
    """A new secret address for the user's calendar feed; the old one stops working."""

    http_method_names = ["post"]

    def post(self, request):
        token = calendar_token_new(user=request.user)
        request.session[CALENDAR_URL_ONCE] = calendar_url(token)
        messages.success(
            request,
            _("Your calendar has a new address; the old one no longer works. Copy it now."),
        )
        return redirect("security:account")


@method_decorator(login_not_required, name="dispatch")
class CalendarFeedView(View):
    """The ICS feed: no login (calendar apps cannot), the secret token in the address."""

    http_method_names = ["get", "head"]

    def get(self, request, token):
        user = calendar_user(token)
        if user is None:
            raise Http404
        response = HttpResponse(calendar_feed(user), content_type="text/calendar; charset=utf-8")
        response["Cache-Control"] = "no-store"
        response["Content-Disposition"] = 'inline; filename="uppgifter.ics"'
        return response


# --- Campaigns -------------------------------------------------------------------------------


def subject_for_app(app_label: str) -> str | None:
    """The subject field of the record type whose app is ``app_label`` ("contacts")."""
    for name in SUBJECT_FIELDS:
        if Task._meta.get_field(name).related_model._meta.app_label == app_label:
            return name
    return None


class CampaignCreateView(PermissionRequiredMixin, FormView):
    """ "Skapa uppgifter": a task for every record a filtered list shows (all its pages),
    grouped under a campaign. The list's filters come in the query string, with ``type``
    naming its record type; they are read by the list's own filter set."""

    permission_required = "tasks.add_task"
    raise_exception = True
    form_class = CampaignForm
    template_name = "tasks/campaign_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        app_label = request.GET.get("type", "")
        self.subject_field = subject_for_app(app_label)
        if self.subject_field is None:
            raise Http404
        self.list_url = reverse(f"{app_label}:list")
        list_view = resolve(self.list_url).func.view_class
        model = Task._meta.get_field(self.subject_field).related_model
        query = request.GET.copy()
        query.pop("type", None)
        self.query = query
        self.filterset = list_view.filterset_class(
            query, queryset=model._default_manager.all(), request=request
        )
        return super().dispatch(request, *args, **kwargs)

    def records(self):
        if not self.filterset.is_valid():
            return self.filterset.queryset.none()
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        model = Task._meta.get_field(self.subject_field).related_model
        return super().get_context_data(
            count=self.records().count(),
            verbose_name_plural=model._meta.verbose_name_plural,
            list_url=f"{self.list_url}?{self.query.urlencode()}",
            **kwargs,
        )

    def form_valid(self, form):
        try:
            result = campaign_create(
                user=self.request.user,
                subject_field=self.subject_field,
                records=self.records(),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(created)s tasks were made; %(nobody)s records have nobody responsible.")
            % {"created": result.created, "nobody": result.nobody},
        )
        return redirect(result.campaign)


class CampaignListView(ObjectListView):
    model = Campaign
    queryset = Campaign.objects.select_related("created_by").annotate(
        task_count=Count("tasks"),
        done_count=Count("tasks", filter=Q(tasks__status=Task.Status.DONE)),
    )
    filterset_class = CampaignFilterSet
    table_class = CampaignTable

    def get_permission_required(self):
        return ("tasks.view_task",)


class CampaignDetailView(ObjectDetailView):
    """A campaign's progress: done of all, per assignee, and links to what remains."""

    model = Campaign
    queryset = Campaign.objects.select_related("created_by", "updated_by")
    template_name = "tasks/campaign_detail.html"

    def get_permission_required(self):
        return ("tasks.view_task",)

    def get_template_names(self):
        return [self.template_name]

    def get_context_data(self, **kwargs):
        per_assignee = list(
            Task.objects.filter(campaign=self.object)
            .values("assignee", "assignee__username", "assignee__first_name", "assignee__last_name")
            .annotate(
                total=Count("pk"),
                done=Count("pk", filter=Q(status=Task.Status.DONE)),
                open=Count("pk", filter=Q(status=Task.Status.OPEN)),
            )
            .order_by("assignee__username")
        )
        total = sum(row["total"] for row in per_assignee)
        done = sum(row["done"] for row in per_assignee)
        return super().get_context_data(
            per_assignee=per_assignee,
            total=total,
            done=done,
            percent=round(100 * done / total) if total else 0,
            remaining_url=f"{reverse('tasks:list')}?campaign={self.object.pk}&status=open",
            **kwargs,
        )
