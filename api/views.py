"""The API's views: one viewset for every resource (api/resources.py), the workflow steps as
actions, and the personal tokens on the account page."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404, redirect
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from contracts.services import contract_renew, deal_win
from core.forms import form_recheck
from core.registry import record_type
from core.services import EditConflict, record_claim, version_token
from deals.forms import DealLoseForm
from deals.services import deal_lose, lead_convert
from leads.forms import LeadConvertForm, LeadDisqualifyForm
from leads.services import lead_disqualify, lead_existing_contact
from members.forms import MembershipChangeForm
from members.models import Member
from members.services import member_change_status
from notes.forms import QuickNoteForm
from notes.models import Note
from notes.services import note_create
from security.views import AccountSecurityView

from .errors import (
    Conflict,
    FormInvalid,
    PreconditionFailed,
    PreconditionRequired,
    form_errors,
    validation_errors,
)
from .filters import RecordFilterBackend, TableOrdering
from .forms import TokenForm
from .models import ApiToken
from .resources import RESOURCES
from .serializers import record_serializer
from .services import roles_up_to, token_create, token_revoke, user_role


def form_value(value):
    """A JSON value as a form field takes it: an id for a related record, "" for null."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return form_value(value.get("id"))
    if isinstance(value, list | tuple):
        return [form_value(item) for item in value]
    if hasattr(value, "pk"):
        return value.pk
    return value


def form_data(form_class, payload, instance=None, partial=False, **form_kwargs):
    """A bound form from a JSON object; PATCH starts from the record's current values."""
    if not isinstance(payload, dict):
        raise FormInvalid(
            [{"field": None, "code": "parse_error", "message": _("Send a JSON object.")}]
        )
    fields = form_class(instance=instance, **form_kwargs).fields if instance is not None else None
    fields = fields or form_class(**form_kwargs).fields
    if hasattr(payload, "getlist"):  # a form-encoded body (the browsable API)
        payload = {
            name: payload.getlist(name) if len(payload.getlist(name)) > 1 else payload.get(name)
            for name in payload
        }
    data = {}
    if instance is None:
        # What the page's form would send for a field left alone: its initial value.
        for name, field in fields.items():
            if field.initial is not None and not callable(field.initial):
                data[name] = form_value(field.initial)
    if partial and instance is not None:
        current = model_to_dict(instance, fields=list(fields))
        data.update({name: form_value(value) for name, value in current.items()})
    for name in fields:
        if name in payload:
            data[name] = form_value(payload[name])
    if instance is not None:
        return form_class(data=data, files={}, instance=instance, **form_kwargs)
    return form_class(data=data, files={}, **form_kwargs)


def parse_etag(value: str) -> str:
    value = value.strip()
    if value.startswith("W/"):
        value = value[2:]
    return value.strip('"')


class ApiViewMixin:
    """What every API view shares: in Swedish unless the request asks for English (the
    Accept-Language header), no login page for a token, and the role's model permission."""

    required_action = None  # a workflow step's permission (default: by the HTTP method)
    required_model = None

    @classmethod
    def as_view(cls, *args, **kwargs):
        view = super().as_view(*args, **kwargs)
        view.login_required = False  # the API answers 401 itself (LoginRequiredMiddleware)
        return view

    def initial(self, request, *args, **kwargs):
        language = translation.get_language_from_request(request._request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response.headers["Content-Language"] = translation.get_language()
        return response

    def required_permission(self, request):
        from .permissions import METHOD_ACTIONS

        model = self.required_model or getattr(self, "queryset", None)
        model = getattr(model, "model", model)
        return model, self.required_action or METHOD_ACTIONS.get(request.method, "view")


class RecordViewSet(ApiViewMixin, viewsets.ModelViewSet):
    """List, retrieve, create, update and delete the records of ``resource``."""

    resource = None
    filter_backends = [RecordFilterBackend, TableOrdering]
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    # --- reading ---

    def get_queryset(self):
        queryset = self.queryset.all()
        if self.resource.prefetch:
            queryset = queryset.prefetch_related(*self.resource.prefetch)
        return queryset

    def get_serializer_context(self):
        context = super().get_serializer_context()
        asked = self.request.query_params.get("expand", "") if self.request else ""
        context["expand"] = {
            name for name in asked.split(",") if name.strip() in self.resource.expand
        }
        return context

    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        return self.record_response(record)

    def record_response(self, record, status_code=status.HTTP_200_OK):
        record = self.get_queryset().get(pk=record.pk)
        response = Response(self.get_serializer(record).data, status=status_code)
        if hasattr(record, "updated_at"):
            response.headers["ETag"] = f'"{version_token(record)}"'
        return response

    # --- writing, through the page's form ---

    def _form(self, request, instance=None, partial=False):
        form = form_data(self.resource.form_class, request.data, instance, partial)
        if not form.is_valid():
            raise FormInvalid(form_errors(form))
        return form

    def _save(self, form):
        form.instance.stamp(self.request.user)
        if form.instance.pk is None and hasattr(form.instance, "author_id"):
            # A note's author is who writes it, as on its page.
            form.instance.author_id = form.instance.author_id or self.request.user.pk
        return form.save()

    def create(self, request, *args, **kwargs):
        form = self._form(request)
        try:
            with transaction.atomic():
                record = self._save(form)
        except IntegrityError:
            # A unique value taken since the form's check: refused as the form refuses it.
            if not form_recheck(form, adding=True):
                raise
            raise FormInvalid(form_errors(form)) from None
        return self.record_response(record, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        record = self.get_object()
        version = request.headers.get("If-Match", "")
        if not version:
            raise PreconditionRequired(
                _("Send the record's version (its ETag) as If-Match to change it.")
            )
        if self.resource.frozen is not None:
            reason = self.resource.frozen(record)
            if reason:
                raise Conflict(reason)
        form = self._form(request, record, partial)
        try:
            with transaction.atomic():
                record_claim(record=record, version=parse_etag(version))
                record = self._save(form)
        except EditConflict:
            raise PreconditionFailed(
                _("The record was changed after the version you sent: read it again.")
            ) from None
        except IntegrityError:
            if not form_recheck(form, adding=False):
                raise
            raise FormInvalid(form_errors(form)) from None
        return self.record_response(record)

    def destroy(self, request, *args, **kwargs):
        record = self.get_object()
        try:
            record.delete()
        except (ProtectedError, RestrictedError) as exc:
            dependants = (
                exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
            )
            kinds = sorted({str(obj._meta.verbose_name_plural) for obj in dependants})
            raise Conflict(
                _("It cannot be deleted while other records refer to it: %(kinds)s.")
                % {"kinds": ", ".join(kinds)}
            ) from None
        return Response(status=status.HTTP_204_NO_CONTENT)

    # --- workflow steps, through the pages' forms and services ---

    def run_step(self, request, form_class, perform, form_kwargs=None):
        """Validate ``request.data`` with the step's page form, then ``perform(record,
        cleaned_data)`` (the service); a service's refusal is a 400 and changes nothing."""
        record = self.get_object()
        form = form_data(form_class, request.data, **(form_kwargs or {}))
        if not form.is_valid():
            raise FormInvalid(form_errors(form))
        try:
            return perform(record, form.cleaned_data, form)
        except ValidationError as exc:
            raise FormInvalid(validation_errors(exc)) from None


def form_serializer(form_class, name):
    """A serializer describing a page form's fields, for the schema of a workflow step."""
    from django import forms

    fields = {}
    for field_name, field in form_class.base_fields.items():
        kwargs = {"required": field.required, "help_text": str(field.help_text or "") or None}
        if isinstance(field, forms.ModelChoiceField):
            fields[field_name] = serializers.IntegerField(**kwargs, allow_null=not field.required)
        elif isinstance(field, forms.ChoiceField):
            choices = [value for value, _label in field.choices if value != ""]
            fields[field_name] = serializers.ChoiceField(choices=choices, **kwargs)
        elif isinstance(field, forms.BooleanField):
            fields[field_name] = serializers.BooleanField(**kwargs)
        elif isinstance(field, forms.DateTimeField):
            fields[field_name] = serializers.DateTimeField(**kwargs)
        elif isinstance(field, forms.DateField):
            fields[field_name] = serializers.DateField(**kwargs)
        else:
            fields[field_name] = serializers.CharField(**kwargs, allow_blank=not field.required)
    return inline_serializer(name=name, fields=fields)


REF = inline_serializer(
    name="Ref", fields={"id": serializers.IntegerField(), "url": serializers.URLField()}
)


def ref(request, route, record):
    from rest_framework.reverse import reverse

    return {
        "id": record.pk,
        "url": reverse(f"api:{route}-detail", args=[record.pk], request=request),
    }


NOTE_ADD = form_serializer(QuickNoteForm, "NoteAdd")


def notes_action(subject_field):
    @extend_schema(
        request=NOTE_ADD,
        responses={201: REF},
        summary="Add a note to the record",
    )
    @action(
        detail=True, methods=["post"], url_path="notes", required_model=Note, required_action="add"
    )
    def add_note(self, request, pk=None):
        def perform(record, data, form):
            return note_create(author=request.user, **data, **{subject_field: record})

        note = self.run_step(request, QuickNoteForm, perform)
        return Response(ref(request, "notes", note), status=status.HTTP_201_CREATED)

    return add_note


def _membership(self, request, pk=None):
    def perform(member, data, form):
        member_change_status(member=member, user=request.user, **data)
        return member

    member = self.run_step(request, MembershipChangeForm, perform)
    return self.record_response(member)


def _convert(self, request, pk=None):
    lead = self.get_object()
    existing = lead_existing_contact(lead)

    def perform(lead, data, form):
        return lead_convert(
            lead=lead,
            user=request.user,
            member=data.get("member"),
            new_member_name=data.get("new_member_name", ""),
            new_member_type=data.get("new_member_type") or Member.OrgType.OVRIGA,
            existing_contact=form.existing_contact if data.get("use_existing_contact") else None,
            service=data.get("service"),
            deal_title=data.get("deal_title", ""),
        )

    result = self.run_step(
        request, LeadConvertForm, perform, form_kwargs={"existing_contact": existing}
    )
    return Response(
        {
            "contact": ref(request, "contacts", result.contact),
            "deal": ref(request, "deals", result.deal),
        },
        status=status.HTTP_201_CREATED,
    )


def _disqualify(self, request, pk=None):
    def perform(lead, data, form):
        return lead_disqualify(lead=lead, user=request.user, reason=data["reason"])

    return self.record_response(self.run_step(request, LeadDisqualifyForm, perform))


def _win(self, request, pk=None):
    from django import forms

    contract = self.run_step(
        request, forms.Form, lambda deal, data, form: deal_win(deal=deal, user=request.user)
    )
    return Response(ref(request, "contracts", contract), status=status.HTTP_201_CREATED)


def _lose(self, request, pk=None):
    def perform(deal, data, form):
        return deal_lose(deal=deal, user=request.user, **data)

    return self.record_response(self.run_step(request, DealLoseForm, perform))


def _renew(self, request, pk=None):
    from django import forms

    renewal = self.run_step(
        request,
        forms.Form,
        lambda contract, data, form: contract_renew(contract=contract, user=request.user),
    )
    return Response(ref(request, "contracts", renewal), status=status.HTTP_201_CREATED)


def step(function, path, request_form=None, responses=None, summary=""):
    from django import forms

    function.__name__ = path
    decorated = action(detail=True, methods=["post"], url_path=path, required_action="change")(
        function
    )
    return extend_schema(
        request=form_serializer(request_form or forms.Form, f"{path.title()}Step"),
        responses=responses,
        summary=summary,
    )(decorated)


STEPS = {
    "members": {
        "membership": step(
            _membership,
            "membership",
            MembershipChangeForm,
            summary="Change the membership (a recorded decision)",
        ),
    },
    "leads": {
        "convert": step(
            _convert,
            "convert",
            LeadConvertForm,
            responses={
                201: inline_serializer(name="Conversion", fields={"contact": REF, "deal": REF})
            },
            summary="Convert the lead into a contact and a deal",
        ),
        "disqualify": step(
            _disqualify, "disqualify", LeadDisqualifyForm, summary="Disqualify the lead"
        ),
    },
    "deals": {
        "win": step(
            _win, "win", responses={201: REF}, summary="Mark the deal won: drafts its contract"
        ),
        "lose": step(_lose, "lose", DealLoseForm, summary="Mark the deal lost, with the reason"),
    },
    "contracts": {
        "renew": step(
            _renew, "renew", responses={201: REF}, summary="Renew: a draft follow-on contract"
        ),
    },
}


def resource_viewset(resource):
    serializer = record_serializer(
        resource.model,
        writable=tuple(resource.form_class.base_fields) if resource.form_class else (),
    )
    methods = (
        RecordViewSet.http_method_names
        if resource.form_class is not None
        else ["get", "head", "options"]
    )
    attrs = dict(STEPS.get(resource.prefix, {}))
    registered = record_type(resource.model)
    if registered is not None and registered.notes_subject:
        attrs["add_note"] = notes_action(registered.notes_subject)
    if resource.form_class is not None:
        attrs["update"] = extend_schema(
            parameters=[
                OpenApiParameter(
                    "If-Match",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    required=True,
                    description="The record's version (its ETag).",
                )
            ]
        )(RecordViewSet.update)
        attrs["partial_update"] = extend_schema(
            parameters=[
                OpenApiParameter(
                    "If-Match",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    required=True,
                    description="The record's version (its ETag).",
                )
            ]
        )(RecordViewSet.partial_update)
    if resource.expand:
        attrs["list"] = extend_schema(
            parameters=[
                OpenApiParameter(
                    "expand",
                    OpenApiTypes.STR,
                    description="Add the name of these relations: " + ", ".join(resource.expand),
                )
            ]
        )(RecordViewSet.list)
        attrs["retrieve"] = extend_schema(
            parameters=[
                OpenApiParameter(
                    "expand",
                    OpenApiTypes.STR,
                    description="Add the name of these relations: " + ", ".join(resource.expand),
                )
            ]
        )(RecordViewSet.retrieve)
    return type(
        f"{resource.model.__name__}ViewSet",
        (RecordViewSet,),
        {
            "resource": resource,
            "queryset": resource.queryset,
            "filterset_class": resource.filterset_class,
            "table_class": resource.table_class,
            "default_ordering": resource.default_ordering,
            "serializer_class": serializer,
            "http_method_names": methods,
            **attrs,
        },
    )


VIEWSETS = [resource_viewset(resource) for resource in RESOURCES]


# --- Personal tokens, on the account page ---------------------------------------------------


def tokens_panel(request, user):
    """The "API tokens" section of the account page (registered in apps.py)."""
    return {
        "tokens": ApiToken.objects.filter(user=user).order_by("-created"),
        "form": getattr(request, "api_token_form", None) or TokenForm(user=user),
        "new_token": getattr(request, "api_new_token", None),
        "can_create": bool(roles_up_to(user_role(user))),
    }


class TokenCreateView(AccountSecurityView):
    """Creates a token and shows the account page with it, once: it is stored hashed."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = TokenForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                _token, raw = token_create(user=request.user, request=request, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                request.api_new_token = raw
                form = TokenForm(user=request.user)
        request.api_token_form = form
        response = self.render_to_response(self.get_context_data(**kwargs))
        response.headers["Cache-Control"] = "no-store"
        return response


class TokenRevokeView(AccountSecurityView):
    http_method_names = ["post"]

    def post(self, request, token_key):
        token = get_object_or_404(ApiToken, user=request.user, token_key=token_key)
        token_revoke(token=token, request=request)
        from django.contrib import messages

        messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
        return redirect("security:account")
