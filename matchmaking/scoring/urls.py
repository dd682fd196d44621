"""Included in the "matchmaking" namespace under /<lang>/meetings/ (no app_name here)."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "suggestions/producers/", views.SuggestedProducersView.as_view(), name="scoring_suggested_producers"
    ),
    path("suggestions/buyers/", views.BuyersForProducerView.as_view(), name="scoring_buyers_for_producer"),
    path(
        "events/<int:event_id>/best-pairs/",
        views.EventBestPairsView.as_view(),
        name="scoring_event_best_pairs",
    ),
    path(
        "events/<int:event_id>/best-pairs.xlsx",
        views.EventBestPairsExportView.as_view(),
        name="scoring_event_best_pairs_xlsx",
    ),
]
