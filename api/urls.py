from django.conf import settings
from django.urls import include, path
from django.utils import translation
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.response import Response
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
    # The schema is the same for every user and request: generated once per language (a
    # second or so), then served from memory.
    _schemas: dict[str, dict] = {}

    def required_permission(self, request):
        return None, "view"

    def _get_schema_response(self, request):
        language = translation.get_language()
        if language not in dict(settings.LANGUAGES):  # ?lang=anything: not kept
            return super()._get_schema_response(request)
        if language not in self._schemas:
            self._schemas[language] = super()._get_schema_response(request).data
        filename = self._get_filename(request, version=None)
        return Response(
            data=self._schemas[language],
            headers={"Content-Disposition": f'inline; filename="{filename}"'},
        )


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
