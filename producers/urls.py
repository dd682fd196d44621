from django.urls import path

from . import views

app_name = "producers"

urlpatterns = [
    # A producer's own pages (its members only; everyone else gets 404).
    path("producer/", views.DashboardView.as_view(), name="dashboard"),
    path("producer/profile/new/", views.ProfileCreateView.as_view(), name="profile_create"),
    path("producer/profile/", views.ProfileUpdateView.as_view(), name="profile_update"),
    path("producer/switch/", views.SwitchProducerView.as_view(), name="switch"),
    path("producer/join/", views.JoinRequestCreateView.as_view(), name="join_request_create"),
    path(
        "producer/join-requests/<int:pk>/decide/",
        views.JoinRequestDecideView.as_view(),
        name="join_request_decide",
    ),
    path("producer/team/", views.TeamView.as_view(), name="team"),
    path(
        "producer/team/invitations/<int:pk>/cancel/",
        views.InvitationCancelView.as_view(),
        name="invitation_cancel",
    ),
    path("producer/invitations/<str:token>/", views.InvitationAcceptView.as_view(), name="invitation_accept"),
    path("producer/products/new/", views.ProductCreateView.as_view(), name="product_create"),
    path("producer/products/<int:pk>/", views.ProductDetailView.as_view(), name="product_detail"),
    path("producer/products/<int:pk>/edit/", views.ProductUpdateView.as_view(), name="product_update"),
    path("producer/products/<int:pk>/publish/", views.ProductPublishView.as_view(), name="product_publish"),
    path("producer/products/<int:pk>/archive/", views.ProductArchiveView.as_view(), name="product_archive"),
    path("producer/table-cards.pdf", views.TableCardsView.as_view(), name="table_cards"),
    path(
        "producer/products/<int:pk>/table-card.pdf",
        views.ProductTableCardView.as_view(),
        name="product_table_card",
    ),
    path(
        "producer/products/<int:pk>/photos/", views.ProductImagesAddView.as_view(), name="product_images_add"
    ),
    path(
        "producer/products/<int:pk>/photos/<int:image_pk>/move/",
        views.ProductImageMoveView.as_view(),
        name="product_image_move",
    ),
    path(
        "producer/products/<int:pk>/photos/<int:image_pk>/delete/",
        views.ProductImageDeleteView.as_view(),
        name="product_image_delete",
    ),
    path(
        "producer/products/<int:pk>/certificate/",
        views.CertificateEditView.as_view(),
        name="certificate_edit",
    ),
    path(
        "producer/products/<int:pk>/certifications/new/",
        views.CertificationCreateView.as_view(),
        name="certification_create",
    ),
    path(
        "producer/products/<int:pk>/certifications/<int:certification_pk>/edit/",
        views.CertificationUpdateView.as_view(),
        name="certification_update",
    ),
    path(
        "producer/products/<int:pk>/certifications/<int:certification_pk>/delete/",
        views.CertificationDeleteView.as_view(),
        name="certification_delete",
    ),
    # Public: the shareable page of a producer.
    path("producers/<slug:slug>/", views.PublicProducerView.as_view(), name="public_detail"),
]
