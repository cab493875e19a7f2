from core.urls import crud_urls

from . import views

app_name = "deals"

urlpatterns = crud_urls(
    views.DealListView, views.DealDetailView, views.DealEditView, views.DealDeleteView
)
