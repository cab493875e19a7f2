from django.urls import path

from core.routing import crud_urls

from . import views

app_name = "notes"

urlpatterns = [
    *crud_urls(views.NoteListView, views.NoteDetailView, views.NoteEditView, views.NoteDeleteView),
    path("add/<str:subject_field>/<int:pk>/", views.NoteQuickAddView.as_view(), name="quick_add"),
    path("panel/<str:subject_field>/<int:pk>/", views.NotePanelView.as_view(), name="panel"),
]
