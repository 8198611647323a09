"""The front page (public) and the home page (a to-do list for each role)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from sori.core.roles import Role, role_of
from sori.feedback.public_cache import cached_public_page
from sori.feedback.public_selectors import front_page
from sori.home.selectors import staff_todo


@cached_public_page
def front(request: HttpRequest) -> HttpResponse:
    """Public front page: what Sori is, the latest answers, and the way to the tracker and to propose."""
    return render(request, "home/front.html", {"front": front_page()})


def home(request: HttpRequest) -> HttpResponse:
    """Send each role to its to-do list; anonymous visitors to the front page."""
    role = role_of(request.user)
    if role is None:
        return redirect("home:front")
    if role == Role.OFFICER:
        return redirect("policy:inbox")
    if role == Role.COMPANY:
        return redirect("public:company")
    return render(request, "home/home.html", {"todo": staff_todo(user=request.user)})
