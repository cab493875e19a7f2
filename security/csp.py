from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from django.urls import reverse


class CSPMiddleware(BaseCSPMiddleware):
    """django-csp's policy, with one exception: the Django admin may use inline styles.

    Some admin pages carry a <style> element or style="" attributes (the change list without
    actions, django-simple-history's history pages, the calendar widgets' scripts), which a
    strict style-src would break. Scripts stay 'self' only there too; the CRM's own pages
    get no exception.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(reverse("admin:index")):
            parts.update = {**(parts.update or {}), "style-src": [UNSAFE_INLINE]}
        return parts
