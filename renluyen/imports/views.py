# Replaced by the member import (issue 2 item 7), being written now.
from django.http import HttpResponse


def upload(request):
    return HttpResponse(status=501)
