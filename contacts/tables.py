import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.tables import BaseTable

from .models import Contact


class ContactTable(BaseTable):
    name = tables.Column(
        verbose_name=_("name"),
        accessor="full_name",
        order_by=("last_name", "first_name"),
        linkify=lambda record: record.get_absolute_url(),
    )
    member = tables.Column(linkify=True)
    email = tables.EmailColumn()
    # Not known for most contacts: an empty cell, on the page as in the export.
    role = tables.Column(empty_values=())

    class Meta(BaseTable.Meta):
        model = Contact
        fields = ("name", "member", "title", "role", "email", "phone", "last_verified")
        secondary = ("title",)
        order_by = ("name",)
