"""What drf-spectacular cannot guess from the CRM's code, for the OpenAPI schema."""

from django_filters import filters
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type, build_parameter_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter


class RecordFilterExtension(DjangoFilterExtension):
    """The list pages' filter sets: a choice of a related record through a filter method
    (a member's service) is its id, as every other related record."""

    target_class = "api.filters.RecordFilterBackend"
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        if isinstance(filter_field, filters.ModelChoiceFilter) and filter_field.method:
            return [
                build_parameter_type(
                    name=field_name,
                    required=False,
                    location=OpenApiParameter.QUERY,
                    description=str(filter_field.label or ""),
                    schema=build_basic_type(OpenApiTypes.INT),
                )
            ]
        return super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )


class RefFieldExtension(OpenApiSerializerFieldExtension):
    """A related record: written as its id, read as {id, url} (and name when expanded)."""

    target_class = "api.serializers.RefField"

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            return build_basic_type(OpenApiTypes.INT)
        return {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "url": {"type": "string", "format": "uri"},
                "name": {"type": "string", "description": "With ?expand= only."},
            },
            "required": ["id", "url"],
        }
