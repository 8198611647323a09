"""Importing organisations and MOUs: upload, map columns, check, confirm similar names, save all or none."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sori.core.permissions import SignedInRequest, require
from sori.documents.tabular import TabularError, column_letter
from sori.registry import services
from sori.registry.forms import UploadForm
from sori.registry.import_fields import COLUMNS, guess_mapping
from sori.registry.models import ImportKind, RegistryImport


@require("registry.manage")
def import_upload(request: SignedInRequest) -> HttpResponse:
    """Take a CSV/XLSX file of organisations or MOUs and go on to its column mapping."""
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                batch = services.import_upload(
                    data=upload.read(),
                    filename=upload.name,
                    kind=form.cleaned_data["kind"],
                    actor=request.user,
                )
            except ValidationError as exc:
                form.add_error("file", exc)
            else:
                return HttpResponseRedirect(reverse("registry:import_review", args=[batch.id]))
    else:
        form = UploadForm(initial={"kind": ImportKind.ORGANISATIONS})
    return render(request, "registry/import_upload.html", {"form": form})


def _mapping(request: HttpRequest, batch: RegistryImport, header: tuple[str, ...]) -> dict[str, int | None]:
    columns = COLUMNS[ImportKind(batch.kind)]
    if request.method != "POST":
        return guess_mapping(header, columns)
    mapping: dict[str, int | None] = {}
    for column in columns:
        raw = request.POST.get(f"map_{column.key}", "")
        mapping[column.key] = int(raw) if raw.isdigit() and int(raw) < len(header) else None
    return mapping


@require("registry.manage")
def import_review(request: SignedInRequest, import_id: int) -> HttpResponse:
    """Show the mapping and the row-by-row check; on "저장" save every row or none."""
    batch = get_object_or_404(RegistryImport, pk=import_id)
    if batch.applied_at is not None:
        messages.info(request, _("이미 가져온 파일입니다."))
        return HttpResponseRedirect(reverse("registry:organisation_list"))
    try:
        table = services.import_preview(batch)
    except TabularError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(reverse("registry:import_upload"))
    mapping = _mapping(request, batch, table.header)
    decisions = {k[5:]: str(v) for k, v in request.POST.items() if k.startswith("same_")}
    if request.method == "POST" and request.POST.get("action") == "apply":
        try:
            report = services.import_apply(
                batch=batch, mapping=mapping, decisions=decisions, actor=request.user
            )
        except services.ImportRejected as exc:
            report = exc.report
            messages.error(
                request,
                _(
                    "저장하지 못했습니다: 아래 %(n)s가지 문제를 고치거나 비슷한 이름을 확인해 주세요 — "
                    "아무 것도 저장되지 않았습니다."
                )
                % {"n": len(report.errors) + len(report.undecided)},
            )
        else:
            messages.success(
                request,
                _("%(file)s: 새로 %(created)s건, 갱신 %(updated)s건, 건너뜀 %(skipped)s건을 저장했습니다.")
                % {
                    "file": batch.filename,
                    "created": report.count("create"),
                    "updated": report.count("update"),
                    "skipped": report.count("skip"),
                },
            )
            target = (
                "registry:organisation_list"
                if batch.kind == ImportKind.ORGANISATIONS
                else "registry:mou_list"
            )
            return HttpResponseRedirect(reverse(target))
    else:
        report = services.import_check(batch=batch, mapping=mapping, decisions=decisions)
    columns: list[dict[str, Any]] = [
        {"key": c.key, "label": c.label, "required": c.required, "selected": mapping.get(c.key)}
        for c in COLUMNS[ImportKind(batch.kind)]
    ]
    return render(
        request,
        "registry/import_review.html",
        {
            "batch": batch,
            "header": [(i, column_letter(i), h) for i, h in enumerate(table.header)],
            "columns": columns,
            "preview": table.rows[:5],
            "report": report,
            "counts": {a: report.count(a) for a in ("create", "update", "skip")},
            "row_count": len(table.rows),
        },
    )
