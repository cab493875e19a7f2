from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.ReportIndexView.as_view(), name="index"),
    path("membership/", views.MembershipReportView.as_view(), name="membership"),
    path("services/", views.ServiceParticipationReportView.as_view(), name="services"),
    path("contracts/", views.ContractsReportView.as_view(), name="contracts"),
    path("pipeline/", views.PipelineReportView.as_view(), name="pipeline"),
]
