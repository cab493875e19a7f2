from axes.helpers import get_cool_off, get_failure_limit
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from core.registry import BoundPanel, panels_for
from core.views import ObjectListView

from .filters import SecurityEventFilterSet
from .forms import OTPTokenForm
from .models import SecurityEvent
from .otp import (
    confirmed_device,
    device_qr_data_uri,
    device_secret,
    otp_required,
    pending_device,
    session_verify,
    verify,
)
from .services import otp_device_confirm, otp_device_remove, security_event_record
from .tables import SecurityEventTable

OWN_EVENTS_SHOWN = 10


class AccountSecurityView(TemplateView):
    """ "Säkerhet": the user's two-factor login and their own recent security events."""

    template_name = "security/account.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            device=confirmed_device(user),
            otp_required=otp_required(user),
            events=SecurityEvent.objects.filter(user=user)[:OWN_EVENTS_SHOWN],
            can_view_events=user.has_perm("security.view_securityevent"),
            # Sections other apps add to the account page (core.registry, for the user model).
            panels=[
                BoundPanel(panel.template_name, panel.context(self.request, user))
                for panel in panels_for(get_user_model())
            ],
            **kwargs,
        )


class OTPStepMixin:
    """The two-factor pages: a code form, and where to go once it is accepted."""

    form_class = OTPTokenForm

    def next_url(self):
        url = self.request.POST.get("next") or self.request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(
            url, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return url
        return reverse("security:account")

    def redirect_to(self, view_name):
        return redirect(f"{reverse(view_name)}?{urlencode({'next': self.next_url()})}")

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=self.next_url(), **kwargs)

    def code_rejected(self, form, reason):
        security_event_record(kind=SecurityEvent.Kind.OTP_FAILED, request=self.request)
        if reason == "throttled":
            form.add_error(None, _("Too many wrong codes. Wait a minute and try again."))
        else:
            form.add_error("token", _("The code is wrong or has expired. Try the current one."))
        return self.form_invalid(form)


class OTPEnrolView(OTPStepMixin, FormView):
    """Set up an authenticator app: scan the QR code, then confirm with a code from it."""

    template_name = "security/otp_enrol.html"

    def dispatch(self, request, *args, **kwargs):
        # With an authenticator already set up, only a verified session may replace it:
        # the password alone must never be enough to add one of one's own.
        if confirmed_device(request.user) and not request.user.is_verified():
            return self.redirect_to("security:otp_verify")
        self.device = pending_device(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            qr_code=device_qr_data_uri(self.device),
            secret=device_secret(self.device),
            otp_required=otp_required(self.request.user),
            **kwargs,
        )

    def form_valid(self, form):
        ok, reason = verify(self.device, form.cleaned_data["token"])
        if not ok:
            return self.code_rejected(form, reason)
        otp_device_confirm(request=self.request, device=self.device)
        messages.success(self.request, _("Two-factor login is set up."))
        return redirect(self.next_url())


class OTPVerifyView(OTPStepMixin, FormView):
    """The second step of logging in: a code from the user's authenticator app."""

    template_name = "security/otp_verify.html"

    def dispatch(self, request, *args, **kwargs):
        self.device = confirmed_device(request.user)
        if self.device is None:
            return self.redirect_to("security:otp_enrol")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        ok, reason = verify(self.device, form.cleaned_data["token"])
        if not ok:
            return self.code_rejected(form, reason)
        session_verify(self.request, self.device)
        security_event_record(kind=SecurityEvent.Kind.OTP_VERIFIED, request=self.request)
        return redirect(self.next_url())


class OTPRemoveView(View):
    http_method_names = ["post"]

    def post(self, request):
        if otp_device_remove(request=request, user=request.user):
            messages.success(request, _("The authenticator was removed."))
        return redirect("security:account")


class SecurityEventListView(ObjectListView):
    """Every security event, newest first, for administrators."""

    model = SecurityEvent
    queryset = SecurityEvent.objects.all()
    filterset_class = SecurityEventFilterSet
    table_class = SecurityEventTable

    def get_context_data(self, **kwargs):
        # Events are written by the CRM only: no "add" button, even for a superuser.
        return {**super().get_context_data(**kwargs), "can_add": False}


def lockout(request, original_response=None, credentials=None):
    """django-axes' answer once a username is locked for the client's address."""
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    return render(request, "security/lockout.html", context, status=429)
