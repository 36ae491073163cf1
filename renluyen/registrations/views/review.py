"""Placeholder until this module is written (issue 3 in progress)."""

from django.http import HttpResponse


def review(request, *args, **kwargs):
    return HttpResponse(status=501)
