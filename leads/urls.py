from django.urls import path

from core.routing import crud_urls

from . import views

app_name = "leads"

urlpatterns = [
    *crud_urls(views.LeadListView, views.LeadDetailView, views.LeadEditView, views.LeadDeleteView),
    path("<int:pk>/convert/", views.LeadConvertView.as_view(), name="convert"),
    path("<int:pk>/disqualify/", views.LeadDisqualifyView.as_view(), name="disqualify"),
]
