"""The site's URLs plus three views that fail, for the error page tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import include, path


def boom(request):
    raise RuntimeError("a bug")


def bad(request):
    raise SuspiciousOperation("a forged request")


def denied(request):
    raise PermissionDenied


urlpatterns = [
    path("test-errors/boom/", boom),
    path("test-errors/bad/", bad),
    path("test-errors/denied/", denied),
    path("", include("renluyen.urls")),
]
