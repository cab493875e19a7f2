from core.urls import crud_urls

from . import views

app_name = "contracts"

urlpatterns = crud_urls(
    views.ContractListView,
    views.ContractDetailView,
    views.ContractEditView,
    views.ContractDeleteView,
)
