from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("", include("workspace.urls")),
    path("", include("core.urls")),
    path("members/", include("members.urls")),
    path("services/", include("services.urls")),
    path("contracts/", include("contracts.urls")),
    path("contacts/", include("contacts.urls")),
    path("deals/", include("deals.urls")),
    path("leads/", include("leads.urls")),
    path("notes/", include("notes.urls")),
    path("tasks/", include("tasks.urls")),
    path("fees/", include("fees.urls")),
    path("reports/", include("reports.urls")),
    path("security/", include("security.urls")),
    path("privacy/", include("privacy.urls")),
    path("api/", include("api.urls")),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
