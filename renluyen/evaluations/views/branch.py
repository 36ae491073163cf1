"""The branch's evaluation table, meeting record, groups and finalizing (helper B)."""

from django.urls import path


def _todo(request, *args, **kwargs):
    raise NotImplementedError  # replaced by the branch pages


urlpatterns = [
    path("branch/<int:unit>/", _todo, name="branch"),
    path("branch/<int:unit>/cell/", _todo, name="cell"),
    path("branch/<int:unit>/meeting/", _todo, name="meeting"),
    path("branch/<int:unit>/finalize/", _todo, name="finalize"),
    path("branch/<int:unit>/withdraw/", _todo, name="withdraw"),
    path("branch/<int:unit>/groups/", _todo, name="groups"),
    path("group/<int:unit>/", _todo, name="group_comments"),
]
