"""The public site (no login) and the company portal."""

from django.urls import path

from sori.feedback import public_views, public_views_proposer
from sori.feedback.feed import decision_feed

app_name = "public"
urlpatterns = [
    path("tracker/", public_views.tracker, name="tracker"),
    path("tracker/feed.atom", decision_feed, name="feed"),
    path("tracker/<int:demand_id>/", public_views.demand, name="demand"),
    path("tracker/series/<int:series_id>/heard/", public_views.series_heard, name="series_heard"),
    path("tracker/bills/<int:bill_id>/", public_views.bill, name="bill"),
    path("tracker/<int:demand_id>/support/", public_views.support, name="support"),
    path("tracker/support/<str:token>/", public_views.support_confirm_link, name="support_confirm"),
    path("propose/", public_views_proposer.propose, name="propose"),
    path("propose/thanks/", public_views_proposer.propose_done, name="propose_done"),
    path("status/again/", public_views_proposer.status_again, name="status_again"),
    path("status/<str:token>/", public_views_proposer.status, name="status"),
    path("company/", public_views_proposer.company, name="company"),
    path("contact/", public_views.contact, name="contact"),
    path("privacy/", public_views.privacy_policy, name="privacy"),
]
