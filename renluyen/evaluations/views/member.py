"""The member's self-evaluation and the committee's view of one member (helper A)."""

from django.urls import path


def _todo(request, *args, **kwargs):
    raise NotImplementedError  # replaced by the member pages


urlpatterns = [
    path("mine/", _todo, name="mine"),
    path("<int:pk>/self/", _todo, name="self"),
    path("<int:pk>/", _todo, name="member"),
    path("<int:pk>/maxima/", _todo, name="maxima"),
    path("<int:pk>/history/", _todo, name="history"),
]
