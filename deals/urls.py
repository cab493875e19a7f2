from django.urls import path

from core.routing import crud_urls

from . import views

app_name = "deals"

urlpatterns = [
    *crud_urls(views.DealListView, views.DealDetailView, views.DealEditView, views.DealDeleteView),
    path("board/", views.DealBoardView.as_view(), name="board"),
    path("board/<int:pk>/move/", views.DealBoardMoveView.as_view(), name="board_move"),
    path("<int:pk>/move/", views.DealMoveView.as_view(), name="move"),
    path("<int:pk>/win/", views.DealWinView.as_view(), name="win"),
    path("<int:pk>/lose/", views.DealLoseView.as_view(), name="lose"),
    path("<int:pk>/reopen/", views.DealReopenView.as_view(), name="reopen"),
]
