from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView

from .filters import NoteFilterSet
from .forms import NoteForm, QuickNoteForm
from .models import SUBJECT_FIELDS, Note
from .selectors import notes_about, timeline_q
from .services import note_create
from .tables import NoteTable

PANEL_LIMIT = 50


def notes_panel_context(request, subject_field, subject, form=None):
    """What notes/_panel.html needs (as ``panel``): the timeline of ``subject`` and a form to
    add to it. The workspace app shows the panel on the page of every record type that
    registered its notes subject (core.registry)."""
    notes = list(notes_about(timeline_q(subject_field, subject), limit=PANEL_LIMIT + 1))
    return {
        "subject_field": subject_field,
        "subject": subject,
        "notes": notes[:PANEL_LIMIT],
        "more": len(notes) > PANEL_LIMIT,
        "form": form or QuickNoteForm(),
        "can_add": request.user.has_perm("notes.add_note"),
    }


class NotePanelView(PermissionRequiredMixin, View):
    """A record's notes panel alone: fetched again when another panel wrote a note (a task
    completed with an outcome sends the htmx event ``notes-changed``)."""

    permission_required = "notes.view_note"
    raise_exception = True

    def get(self, request, subject_field, pk):
        if subject_field not in SUBJECT_FIELDS:
            raise Http404
        subject_model = Note._meta.get_field(subject_field).related_model
        subject = get_object_or_404(subject_model, pk=pk)
        if not request.htmx:
            return redirect(subject)  # a part of the record's page: shown there
        panel = notes_panel_context(request, subject_field, subject)
        return render(request, "notes/_panel.html", {"panel": panel})


class NoteQuickAddView(PermissionRequiredMixin, View):
    """Adds a note from a record's page; answers htmx with the refreshed panel."""

    permission_required = "notes.add_note"
    raise_exception = True

    def post(self, request, subject_field, pk):
        if subject_field not in SUBJECT_FIELDS:
            return redirect("notes:list")
        subject_model = Note._meta.get_field(subject_field).related_model
        subject = get_object_or_404(subject_model, pk=pk)
        form = QuickNoteForm(request.POST)
        if form.is_valid():
            note_create(author=request.user, **form.cleaned_data, **{subject_field: subject})
            form = None
            if not request.htmx:
                messages.success(request, _("The note was added."))
        elif not request.htmx:
            messages.error(request, _("The note was not added: write what happened."))
        if not request.htmx:
            return redirect(subject)
        panel = notes_panel_context(request, subject_field, subject, form=form)
        return render(request, "notes/_panel.html", {"panel": panel})


class NoteListView(ObjectListView):
    model = Note
    queryset = Note.objects.select_related(
        "author", "lead", "deal", "member", "contact", "contract"
    )
    filterset_class = NoteFilterSet
    table_class = NoteTable


class NoteDetailView(ObjectDetailView):
    model = Note
    queryset = Note.objects.select_related(
        "author", "lead", "deal", "member", "contact", "contract", "created_by", "updated_by"
    )


class NoteEditView(ObjectEditView):
    model = Note
    form_class = NoteForm

    def get_initial(self):
        # "Add note" links from other pages pass the subject in the query string.
        return {name: self.request.GET[name] for name in SUBJECT_FIELDS if name in self.request.GET}

    def form_valid(self, form):
        if form.instance.author_id is None:
            form.instance.author = self.request.user
        return super().form_valid(form)


class NoteDeleteView(ObjectDeleteView):
    model = Note
