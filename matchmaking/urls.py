from django.urls import path

from . import views
from .scoring import urls as scoring_urls

app_name = "matchmaking"

urlpatterns = [
    path("requests/", views.RequestListView.as_view(), name="request_list"),
    path("requests/<int:pk>/", views.RequestDetailView.as_view(), name="request_detail"),
    path("requests/accept/", views.RequestAcceptManyView.as_view(), name="request_accept_many"),
    path("requests/<int:pk>/accept/", views.RequestAcceptView.as_view(), name="request_accept"),
    path("requests/<int:pk>/decline/", views.RequestDeclineView.as_view(), name="request_decline"),
    path("requests/<int:pk>/cancel/", views.RequestCancelView.as_view(), name="request_cancel"),
    path("ask/producer/<slug:producer_slug>/", views.RequestCreateView.as_view(), name="request_create"),
    path("buyers/", views.BuyersToMeetView.as_view(), name="buyers_to_meet"),
    path(
        "ask/buyer/<slug:distributor_slug>/",
        views.ProducerRequestCreateView.as_view(),
        name="producer_request_create",
    ),
]

# Scoring pages: suggestions for buyers, buyers for producers, the best pairs of an event.
urlpatterns += scoring_urls.urlpatterns
