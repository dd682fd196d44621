from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("start/", views.ChooseRoleView.as_view(), name="choose_role"),
]
