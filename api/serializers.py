"""How a record looks in the API: its fields, related records as ``{"id", "url"}`` (and
``name`` when asked for with ``?expand=``), and its ``version`` (the ETag)."""

import datetime

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from rest_framework import serializers
from rest_framework.reverse import reverse

from core.services import version_token


def api_route(model) -> str | None:
    """The API's route name for ``model``'s records, if the API has them."""
    from .resources import RESOURCES_BY_MODEL

    resource = RESOURCES_BY_MODEL.get(model._meta.label_lower)
    return resource.basename if resource is not None else None


class RefField(serializers.PrimaryKeyRelatedField):
    """A related record: its id and the API's URL of it; ``name`` too when the request
    asks to expand this field. Written as the id alone."""

    def __init__(self, *args, related_model=None, **kwargs):
        self.related_model = related_model
        super().__init__(*args, **kwargs)

    def use_pk_only_optimization(self):
        return not self.expanded

    @property
    def expanded(self):
        root = self.root if self.parent is not None else None
        name = self.field_name or (self.parent.field_name if self.parent else "")
        return root is not None and name in root.context.get("expand", ())

    def to_internal_value(self, data):
        if isinstance(data, dict):
            data = data.get("id")
        return super().to_internal_value(data)

    def to_representation(self, value):
        route = api_route(self.related_model)
        found = {
            "id": value.pk,
            "url": reverse(
                f"api:{route}-detail", args=[value.pk], request=self.context.get("request")
            ),
        }
        if self.expanded:
            found["name"] = str(value)
        return found


class UTCDateTimeField(serializers.DateTimeField):
    """Times in UTC: Stockholm's offset before 1879 (+01:12:12) is no RFC 3339 time."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default_timezone", datetime.UTC)
        super().__init__(*args, **kwargs)


class RecordSerializer(serializers.ModelSerializer):
    """Base of every record's serializer (made by ``record_serializer``)."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: UTCDateTimeField,
    }

    url = serializers.SerializerMethodField()

    def get_url(self, obj) -> str:
        route = api_route(type(obj))
        return reverse(f"api:{route}-detail", args=[obj.pk], request=self.context.get("request"))

    def get_fields(self):
        # A read-only field keeps what the column may hold (NULL, an empty choice), so that
        # the schema says so: DRF drops allow_blank from read-only fields.
        fields = super().get_fields()
        for name, field in fields.items():
            try:
                model_field = self.Meta.model._meta.get_field(field.source or name)
            except FieldDoesNotExist:  # url, version
                continue
            if getattr(model_field, "null", False):
                field.allow_null = True
            if isinstance(field, serializers.ChoiceField) and model_field.blank:
                field.allow_blank = True
        return fields

    def build_relational_field(self, field_name, relation_info):
        field_class, kwargs = super().build_relational_field(field_name, relation_info)
        if api_route(relation_info.related_model) is not None:
            field_class = RefField
            kwargs["related_model"] = relation_info.related_model
        return field_class, kwargs


class VersionMixin(serializers.Serializer):
    version = serializers.SerializerMethodField(
        help_text="The record's version: send it back as If-Match to change the record."
    )

    def get_version(self, obj) -> str:
        return version_token(obj)


def record_serializer(model, *, writable=(), exclude=()):
    """A serializer of ``model``'s fields (not the derived search column, nor ``exclude``);
    only ``writable`` (the edit form's fields) are written."""
    names = ["id", "url"]
    for field in model._meta.get_fields():
        if field.auto_created or field.name in ("search_text", *exclude):
            continue
        if isinstance(field, models.FileField):
            continue  # files (a contract's signed PDF) are up- and downloaded on its page
        names.append(field.name)
    bases = (
        (VersionMixin, RecordSerializer) if hasattr(model, "updated_at") else (RecordSerializer,)
    )
    extra = {name: {"read_only": True} for name in names if name not in writable}
    for name in writable:
        extra[name] = {"validators": []}  # the form validates, as on the page
    meta = type(
        "Meta",
        (),
        {
            "model": model,
            "fields": [*names, *(["version"] if len(bases) == 2 else [])],
            "extra_kwargs": extra,
        },
    )
    serializer = type(f"{model.__name__}Serializer", bases, {"Meta": meta})
    serializer.Meta.validators = []
    return serializer
