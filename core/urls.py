from django.urls import path

from . import views


def crud_urls(list_view, detail_view, edit_view, delete_view):
    """The five URLs every record type has: /, <pk>/, add/, <pk>/edit/, <pk>/delete/."""
    return [
        path("", list_view.as_view(), name="list"),
        path("add/", edit_view.as_view(), name="add"),
        path("<int:pk>/", detail_view.as_view(), name="detail"),
        path("<int:pk>/edit/", edit_view.as_view(), name="edit"),
        path("<int:pk>/delete/", delete_view.as_view(), name="delete"),
    ]


urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("autocomplete/", views.AutocompleteView.as_view(), name="autocomplete"),
]
