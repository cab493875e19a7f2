import time

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


REFRESHED_KEY = "_refreshed"


class SessionRefreshMiddleware:
    """Sliding session expiry without a database write on every page view.

    The session (and its cookie) is saved again only when the last refresh is more than
    SESSION_REFRESH_SECONDS old, so an idle session still ends SESSION_COOKIE_AGE after the
    user's last activity, give or take that interval. Saving on every request
    (SESSION_SAVE_EVERY_REQUEST) would cost three queries on each page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            if now - session.get(REFRESHED_KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[REFRESHED_KEY] = now
        return response


def mark_session_refreshed(sender, request, user, **kwargs):
    """A login saves the session anyway: count it as the latest refresh."""
    request.session[REFRESHED_KEY] = int(time.time())
