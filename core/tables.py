import datetime

import django_tables2 as tables
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django_tables2.columns import library
from django_tables2.data import TableQuerysetData
from django_tables2.rows import BoundRows


class DeepPageQuerysetData(TableQuerysetData):
    """Table data whose page 50 costs what page 1 does.

    With OFFSET the database reads, joins and computes the columns of every row it skips:
    2,450 of them on page 50. Here a page after the first selects its primary keys first (the
    ordering's index alone), then reads only those rows with their joins.
    """

    def __getitem__(self, key):
        if isinstance(key, slice) and key.start:
            return self.data.filter(pk__in=self.data.values("pk")[key])
        return super().__getitem__(key)


class BaseTable(tables.Table):
    """Shared look and empty text of every list."""

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("Nothing matches.")

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        if type(self.data) is TableQuerysetData:
            self.data = DeepPageQuerysetData(self.data.data)
            self.data.set_table(self)
            self.rows = BoundRows(data=self.data, table=self, pinned_data=self.pinned_data)


# django-tables2's date columns compile a template for every cell they render (a hundred
# compilations for a 50-row list with two dates). These format the value directly, exactly
# as the template (``value|date:format``) would; registered after django-tables2's own, so
# every date field of every table gets them.


class DirectDateFormat:
    """Formats a column's date or time without a template; ``formats`` is (short, long)."""

    formats = ("SHORT_DATE_FORMAT", "DATE_FORMAT")

    def __init__(self, format=None, short=True, *args, **kwargs):
        self.date_format = format or self.formats[0 if short else 1]
        super().__init__(format, short, *args, **kwargs)

    def render(self, value, bound_column):
        if value is None:
            return bound_column.default
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, self.date_format)


@library.register
class DateColumn(DirectDateFormat, tables.DateColumn):
    pass


@library.register
class DateTimeColumn(DirectDateFormat, tables.DateTimeColumn):
    formats = ("SHORT_DATETIME_FORMAT", "DATETIME_FORMAT")
