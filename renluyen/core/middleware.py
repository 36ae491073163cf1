from django.conf import settings
from django.http import QueryDict
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers

from renluyen.core.text import CONTROLS, strip_controls


class LanguageMiddleware:
    """Vietnamese unless the person picked English in the header.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: a
    Union secretary whose phone is set to English still gets the Vietnamese system
    everyone around them uses; the choice made with the language button (a cookie
    set by django.views.i18n.set_language) wins.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in self.languages:
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = code
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", code)
        return response


class CleanInputMiddleware:
    """Control characters out of every query and form value before any view reads it.

    A NUL in any text made PostgreSQL refuse the write (a 500); removing it here means no
    view, present or future, can pass one on. Services still run `core.text.clean` on what
    they store, and check its length there.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = _cleaned(request.GET)
        if request.method == "POST":
            request.POST = _cleaned(request.POST)
        return self.get_response(request)


def _cleaned(data):
    if not any(_dirty([key, *values]) for key, values in data.lists()):
        return data
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        cleaned.setlist(strip_controls(key), [strip_controls(value) for value in values])
    cleaned._mutable = False
    return cleaned


def _dirty(texts) -> bool:
    return any(CONTROLS.search(text) for text in texts)


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every response to a signed-in user.

    Pages show members' names, forms and scores: a shared computer's browser, or a proxy,
    must not keep them for the next person (the back button after logging out included).
    Static files never get here (WhiteNoise answers them first) and stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
