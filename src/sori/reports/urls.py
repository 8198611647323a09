"""Routes of the documents pages; included under ``staff/``."""

from django.urls import path

from sori.reports import views
from sori.reports.kpis import views as kpis

app_name = "reports"
urlpatterns = [
    path("reports/", views.index, name="index"),
    path("kpis/", kpis.kpi_dashboard, name="kpis"),
    path("reports/briefing.pdf", views.briefing_pdf, name="briefing_pdf"),
    path("reports/briefing.xlsx", views.briefing_xlsx, name="briefing_xlsx"),
    path("reports/meetings/", views.meeting_pick, name="meeting_pick"),
    path("reports/meetings/<int:pk>.pdf", views.meeting_pdf, name="meeting_pdf"),
    path("reports/meetings/<int:pk>.xlsx", views.meeting_xlsx, name="meeting_xlsx"),
]
