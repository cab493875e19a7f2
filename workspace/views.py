from django.views.generic import TemplateView

from .selectors import SEARCH_LIMIT, global_search


class SearchView(TemplateView):
    """One search over every searchable record type, grouped by type."""

    template_name = "workspace/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()
        context.update(q=query, groups=global_search(self.request.user, query), limit=SEARCH_LIMIT)
        return context
