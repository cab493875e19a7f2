from core.urls import crud_urls

from . import views

app_name = "leads"

urlpatterns = crud_urls(
    views.LeadListView, views.LeadDetailView, views.LeadEditView, views.LeadDeleteView
)
