from django.urls import path

from . import views

app_name = "fees"

urlpatterns = [
    path("forecast/", views.FeeForecastView.as_view(), name="forecast"),
    path("<int:year>/", views.FeeBasisView.as_view(), name="basis"),
    path("<int:year>/issue/", views.FeeBasisIssueView.as_view(), name="issue"),
]
