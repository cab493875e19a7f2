from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_htmx.http import HttpResponseClientRedirect

from .otp import SESSION_HAS_DEVICE, confirmed_device, otp_required

# Pages an administrator may open between the password and the second factor.
OTP_EXEMPT_VIEWS = {
    "login",
    "logout",
    "set_language",
    "security:otp_verify",
    "security:otp_enrol",
}


class OTPRequiredMiddleware:
    """Administrators (and superusers) pass two-factor login before any other page: to the
    code prompt if they have an authenticator, else to set one up (their first login).
    Anyone else who has set up an authenticator is asked for a code too.

    Goes after django_otp's OTPMiddleware, which tells whether this session is verified,
    and after LoginRequiredMiddleware, which has already sent anonymous users to log in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if request.resolver_match.view_name in OTP_EXEMPT_VIEWS:
            return None
        if not (request.session.get(SESSION_HAS_DEVICE) or otp_required(user)):
            return None
        step = "security:otp_verify" if confirmed_device(user) else "security:otp_enrol"
        if request.htmx:  # back to the page, not to the fragment it asked for
            url = f"{reverse(step)}?{urlencode({'next': request.htmx.current_url_abs_path})}"
            return HttpResponseClientRedirect(url)
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
