from django import forms
from django.contrib.admin.widgets import AutocompleteSelect as AdminAutocompleteSelect
from django.contrib.admin.widgets import (
    AutocompleteSelectMultiple as AdminAutocompleteSelectMultiple,
)
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _
from django_filters.widgets import RangeWidget


class _StaffAutocompleteMixin:
    """Django's own select2 widget (its assets ship with Django, no CDN), fed by the CRM's
    autocomplete view instead of the admin's, so it works for every logged-in role.

    autocomplete_labels.js names each field after its form label for screen readers: select2
    itself names the field after the chosen value only, and its search box not at all.
    """

    def __init__(self, field, attrs=None, **kwargs):
        # select2 reads its width from data-width: a style="" attribute would be refused by
        # the Content-Security-Policy.
        attrs = {"data-width": "100%", **(attrs or {})}
        super().__init__(field, admin_site=None, attrs=attrs, **kwargs)

    def get_url(self):
        return reverse("autocomplete")

    def optgroups(self, name, value, attr=None):
        # The chosen records are looked up by key to show their names: a value that cannot
        # be one ("abc", a number past the column's range) has no record to show, and the
        # form field says so ("Välj ett giltigt alternativ").
        return super().optgroups(name, [v for v in value if self._is_key(v)], attr)

    def _is_key(self, value) -> bool:
        target = self.field.target_field
        try:
            target.run_validators(target.to_python(value))
        except ValidationError:
            return False
        return True

    @property
    def media(self):
        # Named after autocomplete.js so that Django's merge of form media keeps this order.
        return super().media + forms.Media(
            js=["admin/js/jquery.init.js", "admin/js/autocomplete.js", "autocomplete_labels.js"]
        )


class AutocompleteSelect(_StaffAutocompleteMixin, AdminAutocompleteSelect):
    pass


class AutocompleteSelectMultiple(_StaffAutocompleteMixin, AdminAutocompleteSelectMultiple):
    def build_attrs(self, base_attrs, extra_attrs=None):
        # Each chosen record has its own remove button; select2's "clear all" button would sit
        # in the list of chosen records as a stray element that is no list item.
        return {**super().build_attrs(base_attrs, extra_attrs), "data-allow-clear": "false"}


class LabelledRangeWidget(RangeWidget):
    """A from–to pair of inputs whose every input is named for screen readers
    ("Population from", "Population to"): the form's one label can point at one input only."""

    def __init__(self, label, attrs=None):
        super().__init__(attrs)
        for widget, end in zip(self.widgets, (_("from"), _("to")), strict=True):
            widget.attrs["aria-label"] = format_lazy("{} {}", capfirst(label), end)
