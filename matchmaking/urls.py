from django.urls import path
from django.views.generic import TemplateView

app_name = "matchmaking"

# Placeholder views, replaced by the meeting request pages.
urlpatterns = [
    path("requests/<int:pk>/", TemplateView.as_view(template_name="base.html"), name="request_detail"),
]
