from django.urls import path

from sori.engagement.views import meetings, series

app_name = "engagement"
urlpatterns = [
    path("series/", series.series_list, name="series_list"),
    path("series/new/", series.series_create_view, name="series_create"),
    path("series/<int:series_id>/", series.series_detail, name="series_detail"),
    path("series/<int:series_id>/edit/", series.series_edit, name="series_edit"),
    path("series/<int:series_id>/meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<int:engagement_id>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:engagement_id>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:engagement_id>/minutes/", meetings.meeting_minutes, name="meeting_minutes"),
    path("meetings/<int:engagement_id>/agenda/", meetings.agenda_add, name="agenda_add"),
    path(
        "meetings/<int:engagement_id>/agenda/<int:item_id>/remove/",
        meetings.agenda_remove,
        name="agenda_remove",
    ),
    path("meetings/<int:engagement_id>/agenda/<int:item_id>/move/", meetings.agenda_move, name="agenda_move"),
    path("meetings/<int:engagement_id>/attendance/", meetings.attendance_add_view, name="attendance_add"),
    path(
        "meetings/<int:engagement_id>/attendance/<int:attendance_id>/remove/",
        meetings.attendance_remove_view,
        name="attendance_remove",
    ),
]
