"""The committee's KPI dashboard and its PDF and XLSX downloads."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from sori.core.exports import XLSX_TYPE
from sori.core.permissions import SignedInRequest, require
from sori.reports.kpis import documents
from sori.reports.kpis.forms import KpiFilterForm
from sori.reports.kpis.selectors import kpi_report


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@require("registry.kpis")
def kpi_dashboard(request: SignedInRequest) -> HttpResponse:
    """Show the period's figures as charts with their tables; ``?format=pdf|xlsx|json`` downloads them."""
    form = KpiFilterForm(request.GET)
    valid = form.is_valid()
    data = form.cleaned_data if valid else {}
    report = kpi_report(date_from=data.get("date_from"), date_to=data.get("date_to"))
    stamp = f"{(report.date_to or timezone.localdate()):%Y%m%d}"
    fmt = request.GET.get("format")
    if fmt == "pdf":
        return _download(documents.report_pdf(report), "application/pdf", _("성과공유") + f"-{stamp}.pdf")
    if fmt == "xlsx":
        return _download(documents.report_xlsx(report), XLSX_TYPE, _("성과공유") + f"-{stamp}.xlsx")
    if fmt == "json":
        return HttpResponse(documents.report_json(report), content_type="application/json; charset=utf-8")
    stage_now = {r.key: r.value for r in report.mous_by_stage}
    return render(
        request,
        "reports/kpis.html",
        {
            "form": form,
            "r": report,
            "summary": documents.summary_rows(report),
            "programs": documents.program_rows(report),
            "quarters": [
                (documents.quarter_label(q.year, q.quarter), q, documents.share_label(q.share))
                for q in report.gpu_by_quarter
            ],
            "charts": documents.report_charts(report),
            "period": documents.period_label(report),
            "funnel_rows": [(f, stage_now.get(f.key, 0)) for f in report.funnel],
            "side_stages": [s for s in report.mous_by_stage if s.key in ("stalled", "withdrawn")],
            "query": request.GET.urlencode(),
            "error": ""
            if valid
            else " ".join(str(e) for e in form.non_field_errors()) or _("날짜를 확인해 주세요."),
        },
    )
