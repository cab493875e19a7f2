from rest_framework.pagination import CursorPagination


class RecordCursorPagination(CursorPagination):
    """Cursor pagination: ``next`` and ``previous`` links that stay right when records are
    added or removed meanwhile, and no COUNT over the table. 50 a page by default,
    ``page_size`` up to 200. The order is the list's (``ordering``, see filters)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("pk",)
