from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    """Swedish for everyone unless the user picked another language.

    Django's LocaleMiddleware follows the browser's Accept-Language, which would show most
    staff an English UI; here only the language chosen in the menu (a cookie) overrides
    LANGUAGE_CODE.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
