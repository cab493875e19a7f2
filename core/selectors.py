"""Reads shared by several pages: the free-text search of every list and the global search."""

from django.apps import apps
from django.http import Http404

from .models import TrackedModel, normalize_search
from .roles import perm_name

SEARCH_LIMIT = 10

# (model label, related fields its hits show), in the order the groups appear.
SEARCHABLE = (
    ("members.Member", ("county",)),
    ("contacts.Contact", ("member",)),
    ("leads.Lead", ("member",)),
    ("deals.Deal", ("member",)),
    ("contracts.Contract", ("service",)),
    ("services.Service", ()),
    ("notes.Note", ("author", "member")),
)


def global_search(user, query: str, limit: int = SEARCH_LIMIT):
    """[(model, hits, more)] for each type the user may view; one query per type."""
    if not query.strip():
        return []
    groups = []
    for label, related in SEARCHABLE:
        model = apps.get_model(label)
        if not user.has_perm(perm_name(model, "view")):
            continue
        hits = list(search_queryset(model.objects.select_related(*related), query)[: limit + 1])
        if hits:
            groups.append((model._meta, hits[:limit], len(hits) > limit))
    return groups


def search_queryset(queryset, query: str):
    """Records whose search text contains every word of ``query`` (already folded or not)."""
    model = queryset.model
    words = normalize_search(query).split()
    if issubclass(model, TrackedModel):
        for word in words:
            queryset = queryset.filter(search_text__contains=word)
        return queryset
    # Small lookup tables (counties, users): plain case-insensitive match on the name.
    for word in words:
        queryset = queryset.filter(**{f"{model_search_field(model)}__icontains": word})
    return queryset


def model_search_field(model) -> str:
    names = {f.name for f in model._meta.get_fields()}
    for candidate in ("name", "username", "title"):
        if candidate in names:
            return candidate
    raise Http404
