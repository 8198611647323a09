"""Forms of the minutes review: they parse input; the services in ``minutes.py`` decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sori.core.forms import upload_within
from sori.documents import MAX_BYTES

ACCEPTED_SUFFIXES = ".hwpx,.hwp,.docx,.pdf,.xlsx,.csv,.txt"


class MinutesUploadForm(forms.Form):
    file = forms.FileField(
        label=_("회의록 파일 (HWPX, HWP, DOCX, PDF, XLSX, CSV, TXT)"),
        error_messages={
            "required": _("올릴 회의록 파일을 골라 주세요."),
            "empty": _("빈 파일입니다. 회의록이 담긴 파일을 올려 주세요."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_SUFFIXES}),
    )

    def clean_file(self) -> Any:
        return upload_within(self.cleaned_data["file"], MAX_BYTES)


class CandidateForm(forms.Form):
    """One review action on one candidate; only the fields of that action are read."""

    ACTIONS = ("edit", "split", "merge", "reassign", "reject", "restore")

    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    candidate = forms.IntegerField(min_value=1)
    text = forms.CharField(required=False, max_length=100_000)
    kind = forms.CharField(required=False, max_length=16)
    speaker = forms.CharField(required=False, max_length=100)
    title = forms.CharField(required=False, max_length=100)
    organisation = forms.CharField(required=False, max_length=200)
    new_organisation = forms.BooleanField(required=False)
