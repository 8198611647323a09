from django.urls import path

from sori.programs.urls_talent import urlpatterns as talent_urlpatterns
from sori.programs.views import applications, awards, matching, pools, programs, selection, simulator

app_name = "programs"
urlpatterns = [
    path("programs/", programs.program_list, name="program_list"),
    path("programs/new/", programs.program_create, name="program_create"),
    path("programs/simulator/", simulator.simulator, name="simulator"),
    path("programs/matching/", matching.matching, name="matching"),
    path("programs/sites/new/", matching.site_create, name="site_create"),
    path("programs/pools/", pools.pool_list, name="pool_list"),
    path("programs/pools/<int:pool_id>/", pools.pool_detail, name="pool_detail"),
    path("programs/sites/<int:site_id>/place/", matching.site_place, name="site_place"),
    path("programs/<int:program_id>/", programs.program_detail, name="program_detail"),
    path("programs/<int:program_id>/calls/new/", programs.call_create, name="call_create"),
    path("programs/<int:program_id>/usage/", programs.usage_upload, name="usage_upload"),
    path("programs/<int:program_id>/sacctmgr.sh", programs.sacctmgr_export, name="sacctmgr_export"),
    path("programs/calls/<int:call_id>/", applications.call_detail, name="call_detail"),
    path("programs/calls/<int:call_id>/edit/", programs.call_edit, name="call_edit"),
    path("programs/calls/<int:call_id>/apply/", applications.application_create, name="application_create"),
    path("programs/calls/<int:call_id>/select/", selection.run_request, name="run_request"),
    path(
        "programs/applications/<int:application_id>/",
        applications.application_detail,
        name="application_detail",
    ),
    path(
        "programs/applications/<int:application_id>/edit/",
        applications.application_edit,
        name="application_edit",
    ),
    path(
        "programs/applications/<int:application_id>/assign/", applications.review_assign, name="review_assign"
    ),
    path(
        "programs/applications/<int:application_id>/short-review/", awards.short_review, name="short_review"
    ),
    path("programs/reviews/<int:review_id>/", applications.review_page, name="review"),
    path("programs/runs/<int:run_id>/", selection.run_detail, name="run_detail"),
    path("programs/runs/<int:run_id>/confirm/", selection.run_confirm, name="run_confirm"),
    path("programs/lines/<int:line_id>/override/", selection.line_override, name="line_override"),
    path("programs/lines/<int:line_id>/exception/", selection.line_except, name="line_except"),
    path("programs/usage/<int:entry_id>/review/", awards.usage_review, name="usage_review"),
    path("programs/awards/<int:award_id>/", awards.award_detail, name="award_detail"),
    path("programs/awards/<int:award_id>/reclaim/", awards.award_reclaim, name="award_reclaim"),
    path("programs/awards/<int:award_id>/tranche/", awards.award_tranche, name="award_tranche"),
    path("programs/awards/<int:award_id>/slurm/", awards.award_slurm, name="award_slurm"),
    path("programs/awards/<int:award_id>/progress/", awards.award_progress, name="award_progress"),
    path("programs/awards/<int:award_id>/follow-up/", awards.follow_up_create, name="follow_up_create"),
]
urlpatterns += talent_urlpatterns
