from django.urls import path

from . import views

# Named without a namespace: "home" is the start page (LOGIN_REDIRECT_URL), "search" the
# search box in every page's menu.
urlpatterns = [
    path("", views.DashboardView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
]
