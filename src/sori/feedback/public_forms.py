"""Forms of the public site: the tracker's filters and the proposal form."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sori.attachments.services import max_bytes
from sori.core.forms import upload_within
from sori.engagement.models import Engagement, Series
from sori.feedback.public_selectors import DEFAULT_SORT, SORTS, status_choices
from sori.voices.models import Theme

EMAIL_INVALID = _("이메일 주소 형식이 올바르지 않습니다. 예: name@example.kr")


class MeetingChoiceField(forms.ModelChoiceField):
    """A meeting shown as '시리즈 · N차', so rounds of different series are told apart."""

    def label_from_instance(self, obj: Any) -> str:
        return _("%(series)s · %(round)s차") % {"series": obj.series.title, "round": obj.round}


class TrackerFilterForm(forms.Form):
    """The tracker's filters, read from the query string; a bad value is ignored rather than refused."""

    q = forms.CharField(label=_("검색"), required=False, max_length=200)
    theme = forms.ModelChoiceField(
        label=_("분야"), queryset=Theme.objects.all(), required=False, empty_label=_("전체 분야")
    )
    series = forms.ModelChoiceField(
        label=_("간담회 시리즈"),
        queryset=Series.objects.order_by("-created_at"),
        required=False,
        empty_label=_("전체 시리즈"),
    )
    meeting = MeetingChoiceField(
        label=_("간담회"),
        queryset=Engagement.objects.select_related("series").order_by("-starts_at"),
        required=False,
        empty_label=_("전체 간담회"),
    )
    status = forms.ChoiceField(
        label=_("상태"), required=False, choices=[("", _("전체 상태")), *status_choices()]
    )
    sort = forms.ChoiceField(label=_("정렬"), required=False, choices=list(SORTS.items()))

    def filters(self) -> dict[str, Any]:
        """Return keyword arguments for ``tracker_demands``; invalid fields fall back to 'all'."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        theme = data.get("theme")
        series = data.get("series")
        meeting = data.get("meeting")
        return {
            "q": data.get("q") or "",
            "theme_id": theme.id if theme else None,
            "series_id": series.id if series else None,
            "engagement_id": meeting.id if meeting else None,
            "status": data.get("status") or "",
            "sort": data.get("sort") or DEFAULT_SORT,
        }


class ProposeForm(forms.Form):
    """Anyone's proposal. The text is never cut: an over-long text is refused and kept in the form."""

    name = forms.CharField(
        label=_("이름"),
        max_length=100,
        error_messages={"required": _("이름을 입력해 주세요.")},
    )
    email = forms.EmailField(
        label=_("이메일 (선택)"),
        required=False,
        max_length=254,
        error_messages={
            "invalid": _("이메일 주소 형식이 올바르지 않습니다. 예: name@example.kr — 비워 두셔도 됩니다.")
        },
    )
    organisation = forms.CharField(label=_("소속 기관·기업 (선택)"), required=False, max_length=200)
    text = forms.CharField(
        label=_("제안 내용"),
        widget=forms.Textarea(attrs={"rows": 10, "data-limit": settings.SORI_MAX_TEXT_LENGTH}),
        strip=True,
        error_messages={"required": _("제안 내용이 비어 있습니다. 바라는 점을 적어 주세요.")},
    )
    consent = forms.BooleanField(
        label=_("위 개인정보 수집·이용에 동의합니다. (필수)"),
        error_messages={
            "required": _(
                "개인정보 수집·이용에 동의해야 제안을 접수할 수 있습니다. 안내를 읽고 동의란에 표시한 뒤 "
                "다시 보내 주세요 — 적으신 내용은 그대로 남아 있습니다."
            )
        },
    )
    contact_consent = forms.BooleanField(
        label=_("처리 결과와 후속 안내를 이메일로 받겠습니다. (선택)"), required=False
    )
    file = forms.FileField(
        label=_("첨부 파일 (선택)"),
        required=False,
        help_text=_("서면 제안서나 참고 자료: 문서(HWP·HWPX·DOCX·PDF), 표(XLSX), 발표 자료(PPTX), 그림"),
    )
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    # A field people never see; bots that fill every input give themselves away.
    website = forms.CharField(label=_("홈페이지 (비워 두세요)"), required=False, max_length=200)

    def __init__(self, *args: Any, fixed_organisation: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fixed_organisation = fixed_organisation
        if not fixed_organisation:
            # Only a signed-in company user may attach: files from anyone would make the site a file host.
            del self.fields["file"]
        if fixed_organisation:
            field = self.fields["organisation"]
            field.disabled = True
            field.initial = fixed_organisation
            field.label = _("제안 기관")
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4().hex)

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        return upload_within(upload, max_bytes()) if upload else upload

    def files_to_attach(self) -> list[tuple[str, bytes]]:
        """Return the attached file as (name, bytes), or nothing."""
        upload = self.cleaned_data.get("file")
        return [(upload.name, upload.read())] if upload else []

    def clean_text(self) -> str:
        # Browsers send line breaks as CRLF; count them as one character, as the live counter does.
        text: str = self.cleaned_data["text"].replace("\r\n", "\n")
        limit = settings.SORI_MAX_TEXT_LENGTH
        if len(text) > limit:
            raise forms.ValidationError(
                _(
                    "제안 내용이 %(length)s자로 %(limit)s자를 넘습니다. 줄이거나 나누어 보내 주세요 "
                    "— 적으신 내용은 그대로 남아 있습니다."
                )
                % {"length": f"{len(text):,}", "limit": f"{limit:,}"}
            )
        return text

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website", "").strip())

    def organisation_name(self) -> str:
        return self.fixed_organisation or self.cleaned_data.get("organisation", "")


class StatusAgainForm(forms.Form):
    """The address a proposer gave, to send their status links to again."""

    email = forms.EmailField(
        label=_("제안할 때 적은 이메일"),
        max_length=254,
        error_messages={
            "required": _("제안할 때 적은 이메일 주소를 입력해 주세요."),
            "invalid": EMAIL_INVALID,
        },
    )


class SupportForm(forms.Form):
    """The address a visitor without an account confirms their 공감 with."""

    email = forms.EmailField(
        label=_("이메일"),
        max_length=254,
        error_messages={
            "required": _("공감을 확인할 링크를 받을 이메일 주소를 입력해 주세요."),
            "invalid": EMAIL_INVALID,
        },
    )
    # A field people never see, as on the proposal form.
    website = forms.CharField(label=_("홈페이지 (비워 두세요)"), required=False, max_length=200)

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website", "").strip())
