from django.urls import path

from core.routing import crud_urls

from . import views

app_name = "tasks"

urlpatterns = [
    *crud_urls(views.TaskListView, views.TaskDetailView, views.TaskEditView, views.TaskDeleteView),
    path("panel/<str:subject_field>/<int:pk>/", views.TaskPanelView.as_view(), name="panel"),
    path("<int:pk>/complete/", views.TaskCompleteView.as_view(), name="complete"),
    path("<int:pk>/postpone/", views.TaskPostponeView.as_view(), name="postpone"),
    path("<int:pk>/reassign/", views.TaskReassignView.as_view(), name="reassign"),
    path("campaigns/", views.CampaignListView.as_view(), name="campaigns"),
    path("campaigns/new/", views.CampaignCreateView.as_view(), name="campaign_add"),
    path("campaigns/<int:pk>/", views.CampaignDetailView.as_view(), name="campaign"),
    path("reminders/", views.ReminderSettingsView.as_view(), name="reminders"),
    path("calendar/new/", views.CalendarTokenView.as_view(), name="calendar_token"),
    path("calendar/<str:token>/", views.CalendarFeedView.as_view(), name="calendar"),
]
