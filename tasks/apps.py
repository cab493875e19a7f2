from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    """Tasks (Uppgifter): the plan for a record or a person, with reminders.

    Listed after the record apps in INSTALLED_APPS: its ``ready()`` puts the tasks panel on
    the page of every record type that registered a notes subject (core.registry).
    """

    name = "tasks"
    verbose_name = _("Tasks")

    def ready(self):
        from core.registry import (
            ListAction,
            Panel,
            record_types,
            register_list_action,
            register_panel,
            register_record_type,
        )

        from .models import SUBJECT_FIELDS, Task
        from .views import account_reminders_panel, tasks_panel

        register_record_type(Task, search_order=80, search_related=("assignee",))
        # The reminders section of the account page (security's, for the user model).
        register_panel(
            settings.AUTH_USER_MODEL,
            Panel("tasks/_account_reminders.html", account_reminders_panel),
        )
        # "Skapa uppgifter" above the list of every record type a task can be about.
        register_list_action(
            ListAction(
                _("Create tasks…"),
                "tasks:campaign_add",
                "tasks.add_task",
                models=tuple(
                    Task._meta.get_field(name).related_model._meta.label_lower
                    for name in SUBJECT_FIELDS
                ),
            )
        )
        for record_type in record_types():
            subject = record_type.notes_subject
            if not subject:
                continue
            if (
                subject not in SUBJECT_FIELDS
                or Task._meta.get_field(subject).related_model is not record_type.model
            ):
                raise ImproperlyConfigured(
                    f"{record_type.label}: tasks refer to it by no field {subject!r}."
                )
            register_panel(
                record_type.label,
                Panel("tasks/_panel_loader.html", tasks_panel(subject), order=-10, side=True),
            )
