import django_tables2 as tables
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core.tables import BaseTable, DateTimeColumn

from .models import Note

# Characters of a note's text shown in the list.
TEXT_SHOWN = 120


class NoteTable(BaseTable):
    occurred_at = DateTimeColumn(format="Y-m-d H:i", linkify=True)
    # The beginning of the note, on as many lines as it takes: a list cuts off no text.
    text = tables.Column(linkify=True, attrs={"td": {"class": "cell-wide"}})
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

    def render_text(self, value):
        return Truncator(value).chars(TEXT_SHOWN)

    def value_text(self, value):
        return value  # exports: the whole note

    def render_subject(self, record):
        return record.subject
