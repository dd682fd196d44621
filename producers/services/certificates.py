"""OCOP certificates (verification, expiry warnings) and other certifications."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matchmaking.scoring.tasks import request_rescore_for_product

from .. import images, ocop
from ..enums import ProductStatus, VerificationStatus
from ..models import Certification, OcopCertificate, Product
from .common import CERTIFICATE_FIELDS, CERTIFICATION_FIELDS, allow_only, enqueue_after_commit

# --- OCOP certificate and other certifications -------------------------------------------------------


def _store(field_file, prepared) -> None:
    field_file.save(prepared.name, prepared, save=False)


@transaction.atomic
def certificate_save(*, product: Product, **fields) -> OcopCertificate:
    """Create or change a product's OCOP certificate.

    Any change sends it back to the organisers: verification returns to pending and the
    previous note is cleared; a new issue date also re-arms the expiry warning.
    Side effects: stores a new scan (checked, under a random name)."""
    allow_only(fields, CERTIFICATE_FIELDS)
    scan = fields.pop("scan", None)
    certificate = OcopCertificate.objects.select_for_update().filter(product=product).first()
    created = certificate is None
    if created:
        certificate = OcopCertificate(product=product)
    changed = created or bool(scan) or any(getattr(certificate, k) != v for k, v in fields.items())
    if not created and fields.get("issued_on", certificate.issued_on) != certificate.issued_on:
        certificate.expiry_warned_on = None
    for name, value in fields.items():
        setattr(certificate, name, value)
    if scan:
        _store(certificate.scan, images.prepare_document(scan))
    if changed:
        certificate.verification = VerificationStatus.PENDING
        certificate.verification_note = ""
        certificate.verified_by = None
        certificate.verified_at = None
    certificate.full_clean()
    certificate.save()
    request_rescore_for_product(product.pk)
    return certificate


def _decide_certificate(certificate: OcopCertificate, *, by, status: str, note: str) -> OcopCertificate:
    from ..tasks import notify_certificate_decision as notify_certificate_decision_task

    certificate = OcopCertificate.objects.select_for_update().get(pk=certificate.pk)
    if status == VerificationStatus.VERIFIED and certificate.verification != status:
        # The product is in the catalogue from now on if its producer published it already.
        Product.objects.filter(pk=certificate.product_id, status=ProductStatus.PUBLISHED).update(
            listed_at=timezone.now()
        )
    certificate.verification = status
    certificate.verification_note = note.strip()
    certificate.verified_by = by
    certificate.verified_at = timezone.now()
    certificate.save(
        update_fields=["verification", "verification_note", "verified_by", "verified_at", "updated_at"]
    )
    enqueue_after_commit(notify_certificate_decision_task, certificate_id=certificate.pk)
    request_rescore_for_product(certificate.product_id)
    return certificate


@transaction.atomic
def certificate_verify(*, certificate: OcopCertificate, by, note: str = "") -> OcopCertificate:
    """An organiser checked the certificate against its decision: the product may show in the
    catalogue once published. Side effects: mails the producer after commit."""
    return _decide_certificate(certificate, by=by, status=VerificationStatus.VERIFIED, note=note)


@transaction.atomic
def certificate_reject(*, certificate: OcopCertificate, by, note: str) -> OcopCertificate:
    """The certificate could not be confirmed; the note tells the producer why.
    Side effects: mails the producer after commit."""
    if not (note or "").strip():
        raise ValidationError({"note": _("Tell the producer why the certificate is rejected.")})
    return _decide_certificate(certificate, by=by, status=VerificationStatus.REJECTED, note=note)


@transaction.atomic
def certification_save(
    *, product: Product, certification: Certification | None = None, **fields
) -> Certification:
    """Create or change another certification (VietGAP, HACCP...) of a product.
    Side effects: stores a new document (checked, under a random name)."""
    allow_only(fields, CERTIFICATION_FIELDS)
    document = fields.pop("document", None)
    if certification is None:
        certification = Certification(product=product)
    elif certification.product_id != product.pk:
        raise ValueError("certification of another product")
    for name, value in fields.items():
        setattr(certification, name, value)
    if document:
        _store(certification.document, images.prepare_document(document))
    certification.full_clean()
    certification.save()
    request_rescore_for_product(certification.product_id)
    return certification


@transaction.atomic
def certification_delete(*, certification: Certification) -> None:
    """Side effects: deletes the document file after commit."""
    storage, name = certification.document.storage, certification.document.name
    certification.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# --- Expiry warnings ---------------------------------------------------------------------------


@transaction.atomic
def certificate_expiry_warn(*, certificate_id: int, today=None) -> bool:
    """Warn a producer's team that its OCOP certificate expires within 30 days.

    Runs at most once per certificate and validity period: the certificate row is locked and
    ``expiry_warned_on`` recorded in the same transaction as the sending, so a rerun, a
    duplicate task or a second worker sends nothing more; a failed sending leaves it unset.
    Returns whether mail was sent. Side effects: e-mails every member of the producer."""
    from .. import notifications

    today = today or timezone.localdate()
    certificate = (
        OcopCertificate.objects.select_for_update()
        .select_related("product__producer")
        .filter(pk=certificate_id)
        .first()
    )
    if certificate is None or certificate.expiry_warned_on is not None:
        return False
    days_left = (certificate.valid_until - today).days
    if not 0 <= days_left <= ocop.EXPIRY_WARNING_DAYS or certificate.product.is_archived:
        return False
    notifications.certificate_expiring(certificate=certificate, days_left=days_left)
    certificate.expiry_warned_on = today
    OcopCertificate.objects.filter(pk=certificate.pk).update(expiry_warned_on=today)
    return True
