from django.urls import path

from reports.views import DashboardView

from . import views

urlpatterns = [
    # The start page is the dashboard of the reports app.
    path("", DashboardView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("autocomplete/", views.AutocompleteView.as_view(), name="autocomplete"),
]
