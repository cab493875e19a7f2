from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.ReportIndexView.as_view(), name="index"),
    path("membership/", views.MembershipReportView.as_view(), name="membership"),
    path("membership/map.svg", views.MembershipMapView.as_view(), name="membership_map"),
    path("services/", views.ServiceParticipationReportView.as_view(), name="services"),
    path("services/map.svg", views.ServiceParticipationMapView.as_view(), name="services_map"),
    path("contracts/", views.ContractsReportView.as_view(), name="contracts"),
    path("pipeline/", views.PipelineReportView.as_view(), name="pipeline"),
]
