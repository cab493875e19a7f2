from django_otp.admin import OTPAdminSite


class CRMAdminSite(OTPAdminSite):
    """The Django admin, open only to users who have passed two-factor login in this session
    (django-otp), under the usual "admin" instance name."""

    def __init__(self, name="admin"):
        super().__init__(name)
