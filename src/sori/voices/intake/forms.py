"""Forms for fast entry and file imports: they parse input; the intake services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sori.core.forms import upload_within
from sori.documents.tabular import MAX_BYTES, column_letter
from sori.engagement.models import Engagement, ImportBatch
from sori.voices.intake.imports import fields_for, guess_mapping, table_of


class EntryForm(forms.Form):
    raw = forms.CharField(
        label=_("제안 빠른 입력"),
        max_length=400_000,
        widget=forms.Textarea(
            attrs={
                "rows": 10,
                "placeholder": _("㈜아이티앱스: GPU 사용기간을 최소 12개월로 늘려 주세요"),
                "autocomplete": "off",
            }
        ),
        error_messages={"required": _("입력된 제안이 없습니다. 한 줄에 하나씩 입력해 주세요.")},
    )
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("파일 (CSV 또는 엑셀 .xlsx)"),
        error_messages={
            "required": _("올릴 파일을 골라 주세요."),
            "empty": _("빈 파일입니다. 제안이 담긴 CSV 또는 엑셀(.xlsx) 파일을 올려 주세요."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )
    engagement = forms.ModelChoiceField(
        label=_("간담회"),
        queryset=Engagement.objects.select_related("series").order_by("-starts_at"),
        required=False,
        empty_label=_("— 파일의 '간담회' 열로 정하거나 비워 두기 —"),
    )

    def clean_file(self) -> Any:
        return upload_within(self.cleaned_data["file"], MAX_BYTES)


class MappingForm(forms.Form):
    """One select per proposal field, listing the file's columns; the first guess comes from the header."""

    def __init__(self, *args: Any, batch: ImportBatch, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.table = table_of(batch)
        self.import_fields = fields_for(batch)
        guess = batch.mapping or guess_mapping(self.table.header, self.import_fields)
        columns = [("", _("— 쓰지 않음 —"))] + [
            (str(i), _("%(letter)s열: %(name)s") % {"letter": column_letter(i), "name": name})
            for i, name in enumerate(self.table.header)
        ]
        for f in self.import_fields:
            self.fields[f.key] = forms.ChoiceField(
                label=f.label, choices=columns, required=f.required, initial=guess.get(f.key)
            )
            if f.required:
                self.fields[f.key].error_messages["required"] = _(
                    "'%(label)s' 항목에 쓸 열을 골라 주세요. 제안 내용이 없으면 가져올 수 없습니다."
                ) % {"label": f.label}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        chosen = [v for v in data.values() if v not in ("", None)]
        if len(chosen) != len(set(chosen)):
            raise forms.ValidationError(
                _("한 열을 두 항목에 쓸 수 없습니다. 항목마다 다른 열을 골라 주세요.")
            )
        return data

    def mapping(self) -> dict[str, int | None]:
        return {k: (int(v) if v not in ("", None) else None) for k, v in self.cleaned_data.items()}
