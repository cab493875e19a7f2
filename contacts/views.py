from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _lazy
from django.views.generic import TemplateView

from core.roles import perm_name
from core.views import (
    ModelPermissionMixin,
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ObjectPostView,
)

from .filters import ContactFilterSet
from .forms import ContactForm
from .models import Contact
from .selectors import duplicate_contact_pairs
from .services import contact_merge, contact_merge_values, contact_verify
from .tables import ContactTable


def member_contacts_panel(request, member):
    """The contacts on a member's page (registered in apps.py)."""
    return {"contacts": member.contacts.order_by("last_name", "first_name")}


class ContactListView(ObjectListView):
    model = Contact
    queryset = Contact.objects.select_related("member")
    filterset_class = ContactFilterSet
    table_class = ContactTable
    template_name = "contacts/contact_list.html"


class ContactDetailView(ObjectDetailView):
    model = Contact
    queryset = Contact.objects.select_related("member", "created_by", "updated_by")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            deals=self.object.deals.select_related("member", "service").order_by("-updated_at"),
            leads=self.object.leads.order_by("-created_at"),
            **kwargs,
        )


class ContactEditView(ObjectEditView):
    model = Contact
    form_class = ContactForm

    def get_initial(self):
        # "Add contact" on a member's page passes the member.
        return {"member": self.request.GET.get("member")} if "member" in self.request.GET else {}


class ContactDeleteView(ObjectDeleteView):
    model = Contact


class ContactVerifyView(ObjectPostView):
    model = Contact
    success_message = _lazy("Marked as verified today.")

    def perform(self):
        contact_verify(contact=self.object, user=self.request.user)


class ContactDuplicatesView(ModelPermissionMixin, TemplateView):
    """Contacts that are probably the same person, for someone to merge."""

    model = Contact
    action = "change"
    template_name = "contacts/contact_duplicates.html"

    def get_context_data(self, **kwargs):
        pairs, truncated = duplicate_contact_pairs()
        return super().get_context_data(
            pairs=pairs,
            truncated=truncated,
            can_merge=self.request.user.has_perm(perm_name(Contact, "delete")),
            **kwargs,
        )


class ContactMergeView(ObjectActionView):
    """Both records side by side; confirming keeps the first (``pk``) and removes the other.

    Merging deletes a contact, so it takes the delete permission: administrators only.
    """

    model = Contact
    action = "delete"
    template_name = "contacts/contact_merge.html"
    title = _lazy("Merge contacts")
    submit_label = _lazy("Merge")
    success_message = _lazy("The contacts were merged.")
    compared_fields = ("first_name", "last_name", "member", "title", "email", "phone")

    def get_queryset(self):
        # Counts of what moves, for both contacts, in the query that reads them.
        return Contact.objects.select_related("member").annotate(
            deal_count=Count("deals", distinct=True),
            note_count=Count("notes", distinct=True),
            lead_count=Count("leads", distinct=True),
        )

    def dispatch(self, request, *args, **kwargs):
        self.other = get_object_or_404(self.get_queryset(), pk=kwargs["other"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        keep, remove = self.object, self.other
        merged = contact_merge_values(keep=keep, remove=remove)
        rows = []
        for name in (*self.compared_fields, "last_verified"):
            field = Contact._meta.get_field(name)
            values = (
                getattr(keep, name),
                getattr(remove, name),
                merged.get(name, getattr(keep, name)),
            )
            rows.append((field.verbose_name, *(None if v == "" else v for v in values)))
        counts = (
            (_lazy("deals"), "deal_count"),
            (_lazy("notes"), "note_count"),
            (_lazy("leads"), "lead_count"),
        )
        for label, attr in counts:
            total = getattr(keep, attr) + getattr(remove, attr)
            rows.append((label, getattr(keep, attr), getattr(remove, attr), total))
        return super().get_context_data(
            keep=keep,
            remove=remove,
            rows=rows,
            other_member=keep.member_id != remove.member_id,
            **kwargs,
        )

    def perform(self, form):
        return contact_merge(
            keep=self.object, remove=self.other, user=self.request.user, request=self.request
        )
