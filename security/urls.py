from django.urls import path

from . import views

app_name = "security"

urlpatterns = [
    path("", views.AccountSecurityView.as_view(), name="account"),
    path("otp/enrol/", views.OTPEnrolView.as_view(), name="otp_enrol"),
    path("otp/verify/", views.OTPVerifyView.as_view(), name="otp_verify"),
    path("otp/remove/", views.OTPRemoveView.as_view(), name="otp_remove"),
    path("events/", views.SecurityEventListView.as_view(), name="events"),
]
