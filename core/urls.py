from django.urls import path

from . import views

urlpatterns = [
    path("autocomplete/", views.AutocompleteView.as_view(), name="autocomplete"),
]
