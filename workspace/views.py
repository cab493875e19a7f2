from django.utils.translation import gettext_lazy as _
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


# The blocks of the start page, in their order: a title (with the block's ``extra`` filled
# in) and the template of its rows. The outdated populations are a line under the reports.
BLOCKS = {
    "my_tasks": (_("My tasks"), "workspace/blocks/my_tasks.html"),
    "my_deals": (_("My open deals"), "workspace/blocks/my_deals.html"),
    "stale_deals": (_("My open deals with no note for 30 days"), "workspace/blocks/deals.html"),
    "ending": (
        _("Contracts ending in the next %(days)s days"),
        "workspace/blocks/contracts.html",
    ),
    "overdue": (
        _("Contracts past their end date, still marked active"),
        "workspace/blocks/contracts.html",
    ),
    "stale_leads": (_("Leads not followed up for 14 days"), "workspace/blocks/leads.html"),
    "stale_contacts": (
        _("Contacts not verified for 12 months"),
        "workspace/blocks/contacts.html",
    ),
    "notes": (_("Latest notes (the last %(days)s days)"), "workspace/blocks/notes.html"),
}


class DashboardView(TemplateView):
    """The start page: the user's own open deals and what needs attention, each block
    linking to the list that shows all of it. Blocks follow the user's view permissions."""

    template_name = "workspace/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        blocks = dashboard(self.request.user)
        cards = [
            {
                "name": name,
                "id": f"block-{name.replace('_', '-')}",
                "title": title % blocks[name].extra,
                "template": template,
                "block": blocks[name],
            }
            for name, (title, template) in BLOCKS.items()
            if name in blocks
        ]
        context.update(blocks=blocks, cards=cards, reports=REPORTS)
        return context
