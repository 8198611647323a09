"""The upload form shown in every attachments panel."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sori.attachments.services import max_bytes
from sori.core.forms import upload_within


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("파일"),
        help_text=_("문서(HWP·HWPX·DOCX·PDF), 표(XLSX·CSV), 발표 자료(PPTX), 그림(PNG·JPG)"),
        error_messages={"required": _("첨부할 파일을 골라 주세요.")},
    )
    public = forms.BooleanField(label=_("답변과 함께 공개"), required=False)

    def __init__(self, *args: Any, publishable: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not publishable:
            del self.fields["public"]

    def clean_file(self) -> Any:
        return upload_within(self.cleaned_data["file"], max_bytes())
