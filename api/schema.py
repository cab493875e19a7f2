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


# The integer ranges of the database's columns, which Django adds to every integer field:
# SQLite's and PostgreSQL's differ, and they are no rule of the CRM's. Left out, the schema is
# the same on both (an out-of-range number is still refused by the form).
DATABASE_LIMITS = {2**31 - 1, -(2**31), 2**63 - 1, -(2**63), 32767, -32768}


def drop_database_limits(result, generator, request, public):
    """drf-spectacular postprocessing hook: no maximum, minimum or int64 format that only
    the database sets."""

    def walk(node):
        if isinstance(node, dict):
            for key in ("maximum", "minimum"):
                if node.get(key) in DATABASE_LIMITS:
                    del node[key]
            if node.get("type") == "integer" and node.get("format") == "int64":
                del node["format"]  # from a 64-bit range that only SQLite's columns have
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result
