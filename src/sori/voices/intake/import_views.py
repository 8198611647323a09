"""Proposal import pages: upload a CSV/XLSX file, map its columns, check every row, save all or nothing."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from sori.core.permissions import SignedInRequest, require
from sori.engagement.models import Engagement, ImportBatch, ImportStatus
from sori.voices.intake import selectors
from sori.voices.intake.forms import MappingForm, UploadForm
from sori.voices.intake.imports import import_batch_create, import_plan, proposals_import

log = logging.getLogger(__name__)

PREVIEW_ROWS = 5


@require("proposal.record")
def import_upload(request: SignedInRequest, engagement_id: int | None = None) -> HttpResponse:
    """Step 1: upload a file, for one meeting or (general import) with the meeting chosen or in a column."""
    meeting = (
        get_object_or_404(Engagement.objects.select_related("series"), pk=engagement_id)
        if engagement_id
        else None
    )
    form = UploadForm(request.POST or None, request.FILES or None)
    if meeting is not None:
        del form.fields["engagement"]
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = import_batch_create(
                filename=upload.name,
                data=upload.read(),
                engagement=meeting or form.cleaned_data.get("engagement"),
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(
                request,
                _("'%(name)s'에서 %(rows)s행을 읽었습니다. 각 항목에 쓸 열을 확인해 주세요.")
                % {"name": batch.filename, "rows": f"{batch.row_count:,}"},
            )
            return redirect("voices:import_mapping", batch.pk)
    return render(
        request,
        "voices/intake/import_upload.html",
        {"form": form, "meeting": meeting, "batches": selectors.recent_batches(meeting)},
    )


@require("proposal.record")
def import_mapping(request: SignedInRequest, batch_id: int) -> HttpResponse:
    """Steps 2 and 3: choose a column per field, check every row, then save all rows or none."""
    batch = get_object_or_404(ImportBatch.objects.select_related("engagement", "uploaded_by"), pk=batch_id)
    if batch.status == ImportStatus.APPLIED:
        return render(request, "voices/intake/import_done.html", {"batch": batch})
    form = MappingForm(request.POST or None, batch=batch)
    plan = None
    if request.method == "POST" and form.is_valid():
        mapping = form.mapping()
        if "apply" in request.POST:
            try:
                batch = proposals_import(batch=batch, mapping=mapping, actor=request.user)
            except ValidationError:
                pass  # the plan below shows, row by row, why nothing was saved
            except (OperationalError, InterfaceError):  # the database went away half-way: all rolled back
                log.exception("import of batch %s stopped: the database connection was lost", batch.pk)
                connection.close()  # the next query opens a new connection
                messages.error(
                    request,
                    _(
                        "데이터베이스 연결이 끊겨 가져오기를 마치지 못했습니다 — "
                        "아무 것도 저장되지 않았습니다. 잠시 뒤 같은 열로 다시 가져와 주세요."
                    ),
                )
                return redirect("voices:import_mapping", batch.pk)
            else:
                messages.success(
                    request, _("제안 %(count)s건을 가져왔습니다.") % {"count": f"{batch.created_proposals:,}"}
                )
                return redirect("voices:import_mapping", batch.pk)
        try:
            plan = import_plan(batch=batch, mapping=mapping)
        except ValidationError as exc:
            form.add_error(None, exc)
        if plan is not None and not plan.ok:
            messages.error(
                request,
                _(
                    "%(count)s건의 오류가 있어 가져오지 않았습니다 — 아무 것도 저장되지 않았습니다. "
                    "파일을 고쳐 다시 올리거나 열 선택을 바꿔 주세요."
                )
                % {"count": f"{plan.error_count:,}"},
            )
    table = form.table
    return render(
        request,
        "voices/intake/import_mapping.html",
        {
            "batch": batch,
            "form": form,
            "header": table.header,
            "sample": table.rows[:PREVIEW_ROWS],
            "plan": plan,
        },
    )
