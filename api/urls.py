from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"


class RootView(views.ApiViewMixin, DefaultRouter.APIRootView):
    """The list of the API's resources."""

    def required_permission(self, request):
        return None, "view"


class Router(DefaultRouter):
    include_format_suffixes = False
    APIRootView = RootView


router = Router(trailing_slash=True)
for viewset in views.VIEWSETS:
    router.register(viewset.resource.prefix, viewset, basename=viewset.resource.basename)


class SchemaView(views.ApiViewMixin, SpectacularAPIView):
    required_model = None

    def required_permission(self, request):
        return None, "view"


class DocsView(views.ApiViewMixin, SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"

    def required_permission(self, request):
        return None, "view"


urlpatterns = [
    path("v1/schema/", SchemaView.as_view(), name="schema"),
    path("v1/docs/", DocsView.as_view(url_name="api:schema"), name="docs"),
    path("v1/", include(router.urls)),
    path("tokens/", views.TokenCreateView.as_view(), name="token_create"),
    path("tokens/<str:token_key>/revoke/", views.TokenRevokeView.as_view(), name="token_revoke"),
]
