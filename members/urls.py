from core.urls import crud_urls

from . import views

app_name = "members"

urlpatterns = crud_urls(
    views.MemberListView, views.MemberDetailView, views.MemberEditView, views.MemberDeleteView
)
