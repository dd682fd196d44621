from django.urls import path

from . import views

app_name = "distributors"

urlpatterns = [
    path("catalogue/", views.CatalogueView.as_view(), name="catalogue"),
    path("products/<slug:slug>/", views.ProductDetailView.as_view(), name="product_detail"),
    path("products/<slug:slug>/shortlist/", views.ShortlistAddView.as_view(), name="shortlist_add"),
    path("buyer/", views.DashboardView.as_view(), name="dashboard"),
    path("buyer/start/", views.OnboardingView.as_view(), name="onboarding"),
    path("buyer/needs/", views.NeedListView.as_view(), name="need_list"),
    path("buyer/needs/new/", views.NeedCreateView.as_view(), name="need_create"),
    path("buyer/needs/<int:pk>/", views.NeedUpdateView.as_view(), name="need_update"),
    path("buyer/needs/<int:pk>/delete/", views.NeedDeleteView.as_view(), name="need_delete"),
    path("buyer/needs/<int:pk>/new/", views.NeedNewProductsView.as_view(), name="need_new_products"),
    path("buyer/new-products/emails/", views.NewProductsEmailsView.as_view(), name="new_products_emails"),
    path(
        "buyer/new-products/stop/<str:token>/",
        views.NewProductsUnsubscribeView.as_view(),
        name="new_products_unsubscribe",
    ),
    path("buyer/shortlists/", views.ShortlistListView.as_view(), name="shortlist_list"),
    path("buyer/shortlists/<int:pk>/", views.ShortlistDetailView.as_view(), name="shortlist_detail"),
    path("buyer/shortlists/<int:pk>/delete/", views.ShortlistDeleteView.as_view(), name="shortlist_delete"),
    path(
        "buyer/shortlists/<int:pk>/remove/", views.ShortlistRemoveItemView.as_view(), name="shortlist_remove"
    ),
    path("buyer/shortlists/<int:pk>/note/", views.ShortlistNoteView.as_view(), name="shortlist_note"),
    path("buyer/shortlists/<int:pk>/ask/", views.ShortlistAskView.as_view(), name="shortlist_ask"),
    path(
        "buyer/shortlists/<int:pk>/hand-over/",
        views.ShortlistHandOverView.as_view(),
        name="shortlist_hand_over",
    ),
    path(
        "buyer/shortlists/<int:pk>/export.xlsx",
        views.ShortlistExportXlsxView.as_view(),
        name="shortlist_xlsx",
    ),
    path(
        "buyer/shortlists/<int:pk>/export.pdf", views.ShortlistExportPdfView.as_view(), name="shortlist_pdf"
    ),
]
