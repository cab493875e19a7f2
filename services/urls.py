from core.routing import crud_urls

from . import views

app_name = "services"

urlpatterns = crud_urls(
    views.ServiceListView, views.ServiceDetailView, views.ServiceEditView, views.ServiceDeleteView
)
