"""Reads that span every record type: the global search."""

from core.registry import searchable_types
from core.roles import perm_name
from core.selectors import search_queryset

SEARCH_LIMIT = 10


def global_search(user, query: str, limit: int = SEARCH_LIMIT):
    """[(model, hits, more)] for each type the user may view; one query per type.

    The types are those the record apps registered as searchable (core.registry), in their
    order.
    """
    if not query.strip():
        return []
    groups = []
    for record_type in searchable_types():
        model = record_type.model
        if not user.has_perm(perm_name(model, "view")):
            continue
        queryset = model.objects.select_related(*record_type.search_related)
        hits = list(search_queryset(queryset, query)[: limit + 1])
        if hits:
            groups.append((model._meta, hits[:limit], len(hits) > limit))
    return groups
