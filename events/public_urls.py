"""Public event pages, registration, availability and the organisers' outcome dashboard.

A plain list (no app_name): it is merged into the "events" namespace under /<lang>/events/.
"""

from django.urls import path

from . import public_views as views

urlpatterns = [
    path("", views.EventListView.as_view(), name="list"),
    path("<slug:slug>/", views.EventDetailView.as_view(), name="detail"),
    path("<slug:slug>/register/", views.RegisterView.as_view(), name="register"),
    path("<slug:slug>/availability/", views.AvailabilityView.as_view(), name="availability"),
    path("<slug:slug>/outcomes/", views.OutcomeView.as_view(), name="outcomes"),
    path("<slug:slug>/outcomes/meetings.xlsx", views.ExportMeetingsView.as_view(), name="export_meetings"),
    path("<slug:slug>/outcomes/mous.xlsx", views.ExportMousView.as_view(), name="export_mous"),
]
