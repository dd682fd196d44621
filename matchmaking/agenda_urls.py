"""Participants' agenda URLs: a plain list, included into the "matchmaking" namespace
(under /<lang>/meetings/) next to matchmaking.urls."""

from django.urls import path

from . import agenda_views as views

urlpatterns = [
    path("agenda/", views.AgendaListView.as_view(), name="agenda_list"),
    path("agenda/<int:pk>/", views.AgendaDetailView.as_view(), name="agenda_detail"),
    path("agenda/<int:pk>/meetings.ics", views.AgendaCalendarView.as_view(), name="agenda_ics"),
    path("agenda/<int:pk>/agenda.pdf", views.AgendaPdfView.as_view(), name="agenda_pdf"),
    path("agenda/<int:pk>/rate/<int:meeting_id>/", views.AgendaRateView.as_view(), name="agenda_rate"),
    path("agenda/<int:pk>/follow-up/", views.FollowUpView.as_view(), name="agenda_follow_up"),
    path("calendar/<str:token>.ics", views.CalendarFeedView.as_view(), name="agenda_feed"),
    path("follow-up/<str:token>/", views.FollowUpTokenView.as_view(), name="follow_up_token"),
]
