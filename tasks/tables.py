import django_tables2 as tables
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.tables import BaseTable

from .models import Campaign, Task


class TaskTable(BaseTable):
    title = tables.Column(linkify=True)
    subject = tables.Column(verbose_name=_("about"), orderable=False, empty_values=())
    due_date = tables.DateColumn(format="Y-m-d")

    class Meta(BaseTable.Meta):
        model = Task
        fields = ("title", "due_date", "due_time", "assignee", "status", "subject")
        order_by = ("due_date",)

    def render_subject(self, record):
        subject = record.subject
        if subject is None:
            return _("personal")
        return format_html(
            '{}: <a href="{}">{}</a>',
            capfirst(subject._meta.verbose_name),
            subject.get_absolute_url(),
            subject,
        )

    def value_subject(self, record):
        return str(record.subject) if record.subject is not None else ""


class CampaignTable(BaseTable):
    name = tables.Column(linkify=True)
    task_count = tables.Column(verbose_name=_("tasks"), attrs={"td": {"class": "text-end"}})
    done_count = tables.Column(verbose_name=_("done"), attrs={"td": {"class": "text-end"}})

    class Meta(BaseTable.Meta):
        model = Campaign
        fields = ("name", "task_count", "done_count", "created_by", "created_at")
        order_by = ("-created_at",)
