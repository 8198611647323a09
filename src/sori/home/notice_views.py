"""The account page "알림": how staff, officers and administrators hear of work landing on their desk."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sori.core.models import NoticeMode, Profile
from sori.core.permissions import SignedInRequest, require
from sori.core.user_services import notice_mode_set
from sori.feedback.models import MessageStatus, OutboxMessage


class NoticeModeForm(forms.Form):
    mode = forms.ChoiceField(
        label=gettext_lazy("알림 받는 방법"), choices=NoticeMode.choices, widget=forms.RadioSelect
    )


def _current(request: SignedInRequest) -> str:
    profile = Profile.objects.filter(user=request.user).first()
    return profile.notice_mode if profile is not None else NoticeMode.IMMEDIATE


@require("staff.area")
def notices(request: SignedInRequest) -> HttpResponse:
    """Show and change the user's notice mode (즉시 / 하루 한 번 모아서)."""
    status = 200
    if request.method == "POST":
        form = NoticeModeForm(request.POST)
        if form.is_valid():
            try:
                notice_mode_set(user=request.user, mode=form.cleaned_data["mode"], actor=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                if form.cleaned_data["mode"] == NoticeMode.DIGEST:
                    text = _("이제 알림을 하루 한 번, %(hour)s시에 모아서 보내 드립니다.") % {
                        "hour": settings.SORI_DIGEST_HOUR
                    }
                else:
                    text = _("이제 알림을 바로 보내 드립니다. 모아 둔 알림은 몇 분 안에 보내 드립니다.")
                messages.success(request, text)
                return HttpResponseRedirect(reverse("accounts:notices"))
        status = 400
    else:
        form = NoticeModeForm(initial={"mode": _current(request)})
    held = OutboxMessage.objects.filter(status=MessageStatus.HELD, held_for=request.user).count()
    return render(
        request,
        "home/notices.html",
        {"form": form, "hour": settings.SORI_DIGEST_HOUR, "held": held},
        status=status,
    )
