from django.urls import path

from core.routing import crud_urls

from . import views

app_name = "members"

urlpatterns = [
    *crud_urls(
        views.MemberListView, views.MemberDetailView, views.MemberEditView, views.MemberDeleteView
    ),
    path("responsible/", views.MemberBulkResponsibleView.as_view(), name="bulk_responsible"),
    path("<int:pk>/membership/", views.MembershipChangeView.as_view(), name="membership"),
    path("<int:pk>/verify/", views.MemberVerifyView.as_view(), name="verify"),
]
