"""Placeholder until this module is written (issue 3 in progress)."""

from django.http import HttpResponse


def my_forms(request, *args, **kwargs):
    return HttpResponse(status=501)


def form(request, *args, **kwargs):
    return HttpResponse(status=501)
