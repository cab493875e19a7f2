from django.urls import path

from contacts.models import Contact
from leads.models import Lead

from . import views

app_name = "privacy"

urlpatterns = [
    path("stale-leads/", views.StaleLeadListView.as_view(), name="stale_leads"),
]
# /privacy/contacts/<pk>/export/, /privacy/leads/<pk>/erase/…: the app label of the record
# page the buttons are on.
for model in (Contact, Lead):
    label = model._meta.app_label
    urlpatterns += [
        path(
            f"{label}/<int:pk>/export/",
            views.PersonExportView.as_view(model=model),
            name=f"{label}_export",
        ),
        path(
            f"{label}/<int:pk>/erase/",
            views.PersonEraseView.as_view(model=model),
            name=f"{label}_erase",
        ),
    ]
