"""The URLs every record type has, for each app's urls.py."""

from django.urls import path

from . import views


def crud_urls(list_view, detail_view, edit_view, delete_view):
    """The URLs every record type has: /, <pk>/, add/, <pk>/edit/, <pk>/delete/, and its
    change history <pk>/history/ with <pk>/history/<history_id>/restore/."""
    model = detail_view.model
    return [
        path("", list_view.as_view(), name="list"),
        path("add/", edit_view.as_view(), name="add"),
        path("<int:pk>/", detail_view.as_view(), name="detail"),
        path("<int:pk>/edit/", edit_view.as_view(), name="edit"),
        path("<int:pk>/delete/", delete_view.as_view(), name="delete"),
        path("<int:pk>/history/", views.ObjectHistoryView.as_view(model=model), name="history"),
        path(
            "<int:pk>/history/<int:history_id>/restore/",
            views.ObjectRestoreView.as_view(model=model),
            name="restore",
        ),
    ]
