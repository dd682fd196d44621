from django.urls import path
from django.views.generic import TemplateView

app_name = "distributors"

# Placeholder views, replaced by the buyer pages.
urlpatterns = [
    path("catalogue/", TemplateView.as_view(template_name="base.html"), name="catalogue"),
    path("buyer/", TemplateView.as_view(template_name="base.html"), name="dashboard"),
    path("buyer/start/", TemplateView.as_view(template_name="base.html"), name="onboarding"),
]
