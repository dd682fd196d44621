"""Producer pages. Views check who is asking (permissions.py), read through selectors and
write through services; they hold no business rules of their own."""

from .products import (
    CertificateEditView,
    CertificationCreateView,
    CertificationDeleteView,
    CertificationUpdateView,
    ProductArchiveView,
    ProductCreateView,
    ProductDetailView,
    ProductImageDeleteView,
    ProductImageMoveView,
    ProductImagesAddView,
    ProductPublishView,
    ProductTableCardView,
    ProductUpdateView,
    TableCardsView,
)
from .profile import DashboardView, ProfileCreateView, ProfileUpdateView, SwitchProducerView
from .public import PublicProducerView
from .team import (
    InvitationAcceptView,
    InvitationCancelView,
    JoinRequestCreateView,
    JoinRequestDecideView,
    TeamView,
)

__all__ = [
    "CertificateEditView",
    "CertificationCreateView",
    "CertificationDeleteView",
    "CertificationUpdateView",
    "DashboardView",
    "InvitationAcceptView",
    "InvitationCancelView",
    "JoinRequestCreateView",
    "JoinRequestDecideView",
    "ProductArchiveView",
    "ProductCreateView",
    "ProductDetailView",
    "ProductImageDeleteView",
    "ProductImageMoveView",
    "ProductImagesAddView",
    "ProductPublishView",
    "ProductTableCardView",
    "ProductUpdateView",
    "ProfileCreateView",
    "ProfileUpdateView",
    "PublicProducerView",
    "SwitchProducerView",
    "TableCardsView",
    "TeamView",
]
