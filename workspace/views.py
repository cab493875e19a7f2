from django.views.generic import TemplateView

from reports.views import REPORTS

from .selectors import SEARCH_LIMIT, dashboard, global_search


class SearchView(TemplateView):
    """One search over every searchable record type, grouped by type."""

    template_name = "workspace/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()
        context.update(q=query, groups=global_search(self.request.user, query), limit=SEARCH_LIMIT)
        return context


class DashboardView(TemplateView):
    """The start page: the user's own open deals and what needs attention, each block
    linking to the list that shows all of it. Blocks follow the user's view permissions."""

    template_name = "workspace/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(blocks=dashboard(self.request.user), reports=REPORTS)
        return context
