from django import forms
from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .dates import date_widget_attrs, validate_date_in_range
from .registry import is_autocompleted
from .widgets import AutocompleteSelect, AutocompleteSelectMultiple


def https_formfield(model_field, **kwargs):
    """Form fields as usual, except that a URL typed without a scheme means https.

    Set as ``Meta.formfield_callback`` on forms with a URLField.
    """
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return model_field.formfield(**kwargs)


class DateField(forms.DateField):
    """A date typed in the browser's date picker, within the range the CRM accepts
    (core.dates): every date the CRM's forms and filters take is one of these."""

    default_validators = [validate_date_in_range]

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs=date_widget_attrs(), format="%Y-%m-%d"))
        super().__init__(**kwargs)


class CrmModelForm(forms.ModelForm):
    """Base for the CRM's edit forms: search widgets for large relations (foreign keys to
    the record types registered with ``autocomplete``, see core.registry), date pickers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            model_field = self._meta.model._meta.get_field(name)
            related = getattr(model_field, "related_model", None)
            if related is not None and is_autocompleted(related):
                widget_class = (
                    AutocompleteSelectMultiple
                    if isinstance(model_field, models.ManyToManyField)
                    else AutocompleteSelect
                )
                field.widget = widget_class(model_field, choices=field.widget.choices)
                field.widget.is_required = field.required
            if isinstance(model_field, models.DateTimeField):
                field.validators.append(validate_date_in_range)
            elif isinstance(model_field, models.DateField):
                field.widget = forms.DateInput(attrs=date_widget_attrs(), format="%Y-%m-%d")
                field.validators.append(validate_date_in_range)


class DuplicateWarningMixin:
    """A warning, not a refusal, when the record being saved may already exist.

    The first submit comes back with links to the possible duplicates and a "Save anyway"
    box (``confirm_duplicate``, hidden until then); submitting with it ticked saves.
    Subclasses return ``[(record, reason)]`` from ``possible_duplicates(cleaned_data)`` and
    name in ``duplicate_fields`` the fields whose change on an existing record is checked.
    """

    duplicate_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirm_duplicate"] = forms.BooleanField(
            required=False, label=_("Save anyway"), widget=forms.HiddenInput
        )

    def possible_duplicates(self, cleaned_data) -> list:
        raise NotImplementedError

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("confirm_duplicate"):
            return cleaned_data
        if self.instance.pk and not set(self.changed_data) & set(self.duplicate_fields):
            return cleaned_data  # an edit that does not touch what makes a duplicate
        duplicates = self.possible_duplicates(cleaned_data)
        if duplicates:
            self.fields["confirm_duplicate"].widget = forms.CheckboxInput()
            links = format_html_join(
                ", ",
                '<a href="{}">{}</a> ({})',
                ((record.get_absolute_url(), record, reason) for record, reason in duplicates),
            )
            self.add_error(
                None,
                forms.ValidationError(
                    format_html(
                        "{} {}. {}",
                        _("This may already be in the CRM:"),
                        links,
                        _("Check that it is not the same, then tick “Save anyway”."),
                    ),
                    code="possible_duplicate",
                ),
            )
        return cleaned_data


def form_recheck(form, *, adding: bool) -> bool:
    """Check a valid form again after saving it failed on the database's constraints
    (IntegrityError, the save rolled back): someone else saved a value the database keeps
    unique (an email, a name) after this form was checked and before it was saved, or
    deleted a record it refers to. Checked now, the form shows that as it would have a moment
    later, at the field ("… already exists", "Select a valid choice"), with the user's input.

    Returns whether the form is now invalid. If it is still valid the failure is not one the
    form explains: the caller raises it again rather than hide it.
    """
    if adding:
        # The insert was rolled back: the instance is new again, so that the check does not
        # take it for the record it clashes with.
        form.instance.pk = None
        form.instance._state.adding = True
    form.full_clean()
    return bool(form.errors)
