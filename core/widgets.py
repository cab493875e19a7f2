from django.contrib.admin.widgets import AutocompleteSelect as AdminAutocompleteSelect
from django.contrib.admin.widgets import (
    AutocompleteSelectMultiple as AdminAutocompleteSelectMultiple,
)
from django.urls import reverse


class _StaffAutocompleteMixin:
    """Django's own select2 widget (its assets ship with Django, no CDN), fed by the CRM's
    autocomplete view instead of the admin's, so it works for every logged-in role."""

    def __init__(self, field, attrs=None, **kwargs):
        # select2 reads its width from data-width: a style="" attribute would be refused by
        # the Content-Security-Policy.
        attrs = {"data-width": "100%", **(attrs or {})}
        super().__init__(field, admin_site=None, attrs=attrs, **kwargs)

    def get_url(self):
        return reverse("autocomplete")


class AutocompleteSelect(_StaffAutocompleteMixin, AdminAutocompleteSelect):
    pass


class AutocompleteSelectMultiple(_StaffAutocompleteMixin, AdminAutocompleteSelectMultiple):
    pass
