"""Addresses of the talent programme (인재 양성) and the midfielder service (미드필더), in ``programs:``."""

from django.urls import path

from sori.programs.views import introductions, talent

urlpatterns = [
    path("programs/talent/", talent.cohort_list, name="cohort_list"),
    path("programs/talent/cohorts/new/", talent.cohort_create, name="cohort_create"),
    path("programs/talent/cohorts/<int:cohort_id>/", talent.cohort_detail, name="cohort_detail"),
    path("programs/talent/cohorts/<int:cohort_id>/edit/", talent.cohort_edit, name="cohort_edit"),
    path("programs/talent/cohorts/<int:cohort_id>/trainees/", talent.trainee_add, name="trainee_add"),
    path("programs/talent/cohorts/<int:cohort_id>/import/", talent.trainee_import, name="trainee_import"),
    path("programs/talent/trainees/<int:trainee_id>/select/", talent.trainee_select, name="trainee_select"),
    path(
        "programs/talent/trainees/<int:trainee_id>/attendance/",
        talent.trainee_attendance,
        name="trainee_attendance",
    ),
    path(
        "programs/talent/trainees/<int:trainee_id>/complete/",
        talent.trainee_complete,
        name="trainee_complete",
    ),
    path("programs/talent/trainees/<int:trainee_id>/drop/", talent.trainee_drop, name="trainee_drop"),
    path(
        "programs/talent/trainees/<int:trainee_id>/placement/",
        talent.placement_create,
        name="placement_create",
    ),
    path("programs/talent/needs/", talent.need_list, name="talent_need_list"),
    path("programs/talent/needs/<int:need_id>/close/", talent.need_close, name="talent_need_close"),
    path("programs/introductions/", introductions.introduction_list, name="introduction_list"),
    path("programs/introductions/new/", introductions.introduction_create, name="introduction_create"),
    path(
        "programs/introductions/<int:introduction_id>/",
        introductions.introduction_detail,
        name="introduction_detail",
    ),
    path(
        "programs/introductions/<int:introduction_id>/advance/",
        introductions.introduction_advance,
        name="introduction_advance",
    ),
    path(
        "programs/introductions/<int:introduction_id>/stop/",
        introductions.introduction_stop,
        name="introduction_stop",
    ),
    path(
        "programs/introductions/organisations/<int:organisation_id>/",
        introductions.organisation_introductions,
        name="organisation_introductions",
    ),
]
