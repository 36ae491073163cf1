"""Results for federations and the base Union: forward, return, recognize, reopen,
export (helper C)."""

from django.urls import path


def _todo(request, *args, **kwargs):
    raise NotImplementedError  # replaced by the results pages


urlpatterns = [
    path("unit/<int:unit>/", _todo, name="results"),
    path("unit/<int:unit>/decide/", _todo, name="decide"),
    path("unit/<int:unit>/export.xlsx", _todo, name="export"),
]
