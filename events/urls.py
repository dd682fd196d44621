from django.urls import path

from . import public_urls, views

app_name = "events"

urlpatterns = [
    path("<slug:slug>/catalogue/", views.PacketDetailView.as_view(), name="packet_detail"),
    path("<slug:slug>/catalogue/pdf/", views.PacketPdfView.as_view(), name="packet_pdf"),
    *public_urls.urlpatterns,
]
