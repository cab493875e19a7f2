from django.contrib.admin.apps import AdminConfig


class OTPAdminConfig(AdminConfig):
    """INSTALLED_APPS names this instead of django.contrib.admin: the admin site becomes
    security.admin_site.CRMAdminSite, which requires two-factor login."""

    default_site = "security.admin_site.CRMAdminSite"
