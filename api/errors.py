"""One error format for every refusal of the API (README, "API"):

    {"type": "validation_error", "errors": [{"field": "org_number", "code": "invalid",
                                              "message": "…"}]}

``type`` names the kind of refusal (validation_error, not_authenticated, permission_denied,
not_found, precondition_failed, precondition_required, conflict, throttled…), each error a
``code`` to act on and a ``message`` in the request's language (Swedish, or English with
``Accept-Language: en``); ``field`` is null for what concerns the whole record.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.html import strip_tags
from django.utils.translation import gettext_noop
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_code = "precondition_required"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class FormInvalid(exceptions.APIException):
    """A form's (or a service's) refusal, with its fields, codes and messages as they are."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid"

    def __init__(self, errors: list[dict]):
        self.errors = errors
        super().__init__(detail=errors[0]["message"] if errors else "")


def form_errors(form) -> list[dict]:
    """A bound, invalid Django form's errors in the API's format."""
    return [
        {
            "field": None if name == NON_FIELD_ERRORS else name,
            "code": error.get("code") or "invalid",
            "message": strip_tags(error["message"]),
        }
        for name, errors in form.errors.get_json_data().items()
        for error in errors
    ]


def validation_errors(exc) -> list[dict]:
    """A django.core.exceptions.ValidationError from a service, in the API's format."""
    if hasattr(exc, "error_dict"):
        return [
            {
                "field": None if name == NON_FIELD_ERRORS else name,
                "code": error.code or "invalid",
                "message": strip_tags(" ".join(error.messages)),
            }
            for name, errors in exc.error_dict.items()
            for error in errors
        ]
    return [
        {"field": None, "code": error.code or "invalid", "message": strip_tags(message)}
        for error in exc.error_list
        for message in error.messages
    ]


def _flatten(detail, field=None):
    """DRF's nested error detail as a flat list of errors."""
    if isinstance(detail, dict):
        found = []
        for name, value in detail.items():
            nested = name if field is None else f"{field}.{name}"
            found += _flatten(value, None if name == "non_field_errors" else nested)
        return found
    if isinstance(detail, list):
        return [error for item in detail for error in _flatten(item, field)]
    return [{"field": field, "code": getattr(detail, "code", "invalid"), "message": str(detail)}]


TYPES = {
    400: "validation_error",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    412: "precondition_failed",
    415: "unsupported_media_type",
    428: "precondition_required",
    429: "throttled",
}


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    errors = exc.errors if isinstance(exc, FormInvalid) else _flatten(response.data)
    response.data = {"type": TYPES.get(response.status_code, "error"), "errors": errors}
    return response


def error_response(status_code: int, errors: list[dict]) -> Response:
    return Response({"type": TYPES.get(status_code, "error"), "errors": errors}, status=status_code)


# Django REST framework's Swedish catalogue words a few of Django's own messages differently
# ("Det här fältet är obligatoriskt."), and an app's catalogue outranks Django's: these are
# in the CRM's catalogue with Django's wording, so that every form keeps the words it had.
DJANGO_WORDING = (
    gettext_noop("This field is required."),
    gettext_noop("Enter a valid URL."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("The submitted file is empty."),
    gettext_noop(
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
    ),
)
