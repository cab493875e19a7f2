import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.tables import BaseTable, DateTimeColumn

from .models import Note


class NoteTable(BaseTable):
    occurred_at = DateTimeColumn(format="Y-m-d H:i", linkify=True)
    text = tables.Column(linkify=True, attrs={"td": {"class": "text-truncate cell-wide"}})
    subject = tables.Column(
        verbose_name=_("about"),
        linkify=lambda record: record.subject.get_absolute_url(),
        orderable=False,
        empty_values=(),
    )

    class Meta(BaseTable.Meta):
        model = Note
        fields = ("occurred_at", "kind", "text", "subject", "author")
        order_by = ("-occurred_at",)

    def render_subject(self, record):
        return record.subject
