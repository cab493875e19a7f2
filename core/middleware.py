import time

from django.conf import settings
from django.utils import translation

# CPython (3.11 and later, until gh-142183 is fixed in the running version) keeps the frames
# of Python calls in 16 KiB chunks, mapped when a call needs a new one and unmapped as soon
# as the calls return from it. A page whose template rendering recurses back and forth
# across a chunk boundary maps and unmaps a chunk thousands of times: 4,000 to 8,000
# mmap/munmap pairs and page faults per list page, up to half its server time. Where the
# boundaries fall depends on how deep in the stack the request starts, so the same page cost
# twice as much in one process as in another.
#
# ``_in_fresh_stack`` has a frame of 16,500 local slots (about 130 KiB): calling it starts a
# new 256 KiB chunk, and everything the request calls after it fits in the rest of that chunk.
# Its locals are never used; only the size of its frame matters.
_SLOTS = 16_500
_names = ", ".join(f"_{i}" for i in range(_SLOTS))
_source = (
    "def _in_fresh_stack(call, argument):\n"
    "    if call is None:\n"
    f"        {_names} = range({_SLOTS})\n"
    "    return call(argument)\n"
)
_namespace = {}
exec(compile(_source, __name__, "exec"), _namespace)  # the source above, no input
_in_fresh_stack = _namespace["_in_fresh_stack"]
del _names, _source, _namespace


class FreshStackMiddleware:
    """Runs the request at the start of a fresh 256 KiB stretch of Python's frame stack, so
    that no call in it crosses a frame-stack chunk boundary (see ``_in_fresh_stack``). First in
    MIDDLEWARE: every other middleware, the view and the template run inside it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return _in_fresh_stack(self.get_response, request)


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
