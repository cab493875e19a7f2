"""Paging that never asks the database for a row it cannot address.

A page number or page size from the query string is anything a client sends: a page past
the end of any list is refused before its offset (which would overflow SQLite's 64-bit
integers) reaches the database, and a page size is kept between 1 and ``MAX_PER_PAGE``.
"""

from django.core.paginator import EmptyPage
from django.utils.translation import gettext_lazy as _
from django_tables2 import paginators

# Rows on one page at most, whatever ``per_page`` asks for.
MAX_PER_PAGE = 500
# Beyond any list the CRM holds (10 million rows at one row a page): such a page is empty.
MAX_PAGE = 10_000_000


def page_size(per_page) -> int:
    return min(max(int(per_page), 1), MAX_PER_PAGE)


class LazyPaginator(paginators.LazyPaginator):
    """django-tables2's LazyPaginator (no COUNT: a page reads one row more than it shows),
    with page numbers and sizes kept to what the database can answer."""

    def __init__(self, object_list, per_page, *args, **kwargs):
        super().__init__(object_list, page_size(per_page), *args, **kwargs)

    def validate_number(self, number):
        number = super().validate_number(number)
        if number > MAX_PAGE:
            raise EmptyPage(_("That page contains no results"))
        return number
