from django.urls import path

from core.routing import crud_urls

from . import views

app_name = "contacts"

urlpatterns = [
    *crud_urls(
        views.ContactListView,
        views.ContactDetailView,
        views.ContactEditView,
        views.ContactDeleteView,
    ),
    path("<int:pk>/verify/", views.ContactVerifyView.as_view(), name="verify"),
    path("duplicates/", views.ContactDuplicatesView.as_view(), name="duplicates"),
    path("<int:pk>/merge/<int:other>/", views.ContactMergeView.as_view(), name="merge"),
]
