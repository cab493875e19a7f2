from django.utils.translation import gettext_lazy as _lazy

from core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ObjectPostView,
)
from notes.views import NotesPanelMixin

from .filters import ContactFilterSet
from .forms import ContactForm
from .models import Contact
from .services import contact_verify
from .tables import ContactTable


class ContactListView(ObjectListView):
    model = Contact
    queryset = Contact.objects.select_related("member")
    filterset_class = ContactFilterSet
    table_class = ContactTable


class ContactDetailView(NotesPanelMixin, ObjectDetailView):
    model = Contact
    queryset = Contact.objects.select_related("member", "created_by", "updated_by")
    notes_subject_field = "contact"

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
