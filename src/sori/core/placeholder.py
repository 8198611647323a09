"""Temporary view for routes whose pages are being built."""

from django.http import HttpRequest, HttpResponse


def placeholder(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return HttpResponse("placeholder")
