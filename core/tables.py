import django_tables2 as tables
from django.utils.translation import gettext_lazy as _


class BaseTable(tables.Table):
    """Shared look and empty text of every list."""

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("Nothing matches.")
        template_name = "django_tables2/bootstrap5-responsive.html"
