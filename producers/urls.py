from django.urls import path
from django.views.generic import TemplateView

app_name = "producers"

# Placeholder views, replaced by the producer pages.
urlpatterns = [
    path("producer/", TemplateView.as_view(template_name="base.html"), name="dashboard"),
    path("producer/profile/new/", TemplateView.as_view(template_name="base.html"), name="profile_create"),
]
