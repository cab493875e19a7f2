from django.urls import path

from core.routing import crud_urls

from . import views

app_name = "contracts"

urlpatterns = [
    *crud_urls(
        views.ContractListView,
        views.ContractDetailView,
        views.ContractEditView,
        views.ContractDeleteView,
    ),
    path("responsible/", views.ContractBulkResponsibleView.as_view(), name="bulk_responsible"),
    path("<int:pk>/parties/add/", views.ContractPartyAddView.as_view(), name="party_add"),
    path(
        "<int:pk>/parties/<int:member_pk>/remove/",
        views.ContractPartyRemoveView.as_view(),
        name="party_remove",
    ),
    path("<int:pk>/renew/", views.ContractRenewView.as_view(), name="renew"),
    path("<int:pk>/document/", views.ContractDocumentView.as_view(), name="document"),
]
