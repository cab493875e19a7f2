"""The floor of each list page, for the benchmark only: the same 50 rows, chosen by the same
view (filters, search, order, page), rendered by a plain template that extends base.html
(bench/templates/bench/floor/). A list page costs what its rows cost plus what its table,
filters and buttons add; the benchmark prints its time beside the floor's.
"""

from django.shortcuts import render
from django.urls import include, path, resolve, reverse

from sambruk_crm import urls as project_urls


def floor(request, app):
    view = resolve(reverse(f"{app}:list")).func.view_class()
    view.setup(request)
    view.filterset = view.get_filterset(view.get_filterset_class())
    view.object_list = view.filterset.qs
    table = view.get_table(**view.get_table_kwargs())
    rows = [row.record for row in table.paginated_rows]
    title = view.model._meta.verbose_name_plural.capitalize()
    return render(request, f"bench/floor/{app}.html", {"rows": rows, "title": title})


urlpatterns = [
    path("bench/floor/<slug:app>/", floor, name="bench-floor"),
    path("", include(project_urls)),
]
