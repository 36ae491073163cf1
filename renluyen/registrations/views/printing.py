"""Placeholder until this module is written (issue 3 in progress)."""

from django.http import HttpResponse


def print_form(request, *args, **kwargs):
    return HttpResponse(status=501)


def pdf_form(request, *args, **kwargs):
    return HttpResponse(status=501)


def branch_print(request, *args, **kwargs):
    return HttpResponse(status=501)


def branch_pdf(request, *args, **kwargs):
    return HttpResponse(status=501)
