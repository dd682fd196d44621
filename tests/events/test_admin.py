"""Organisers run the event from the admin: every page opens, in Vietnamese."""

import pytest
from django.contrib import admin
from django.urls import reverse

from events.models import MeetingBlock
from tests.factories import (
    BuyerFactory,
    CataloguePacketFactory,
    CertificationFactory,
    MatchScoreFactory,
    MeetingFactory,
    MeetingRequestFactory,
    MouFactory,
    ParticipationFactory,
    ProducerMemberFactory,
    ProductImageFactory,
    SessionFactory,
    SourcingNeedFactory,
)

pytestmark = pytest.mark.django_db

MODELS = [model for model in admin.site._registry if model._meta.app_label != "django_celery_beat"]


@pytest.fixture
def one_of_everything():
    MeetingFactory()
    SessionFactory()
    ParticipationFactory()
    ParticipationFactory(kind="distributor", seats=2)
    MouFactory()
    CataloguePacketFactory()
    MeetingRequestFactory()
    SourcingNeedFactory()
    BuyerFactory()
    CertificationFactory()
    MatchScoreFactory()
    ProductImageFactory()
    ProducerMemberFactory()


def test_admin_index_is_in_vietnamese(organiser_client):
    html = organiser_client.get("/vi/admin/").content.decode()
    assert "Quản trị sự kiện" in html
    assert "Nhà sản xuất và sản phẩm" in html


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_every_admin_page_opens(organiser_client, one_of_everything, model):
    opts = model._meta
    changelist = organiser_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    assert changelist.headers["Content-Language"] == "vi"
    add = organiser_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert add.status_code in (200, 403)
    obj = model._default_manager.first()
    if obj is not None:
        change = organiser_client.get(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        )
        assert change.status_code == 200


def test_admin_changelist_search(organiser_client, one_of_everything):
    for model in MODELS:
        opts = model._meta
        response = organiser_client.get(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"), {"q": "Sóc"}
        )
        assert response.status_code == 200, opts.label


def test_saving_a_meeting_block_generates_its_slots_and_tables(organiser_client):
    session = SessionFactory()
    event = session.event
    data = {
        "event": event.pk,
        "title": "Gặp gỡ B2B buổi chiều",
        "starts_at_0": event.starts_on.strftime("%d/%m/%Y"),
        "starts_at_1": "14:00",
        "ends_at_0": event.starts_on.strftime("%d/%m/%Y"),
        "ends_at_1": "16:00",
        "slot_minutes": 20,
        "break_minutes": 5,
        "table_count": 6,
        "slots-TOTAL_FORMS": 0,
        "slots-INITIAL_FORMS": 0,
        "tables-TOTAL_FORMS": 0,
        "tables-INITIAL_FORMS": 0,
    }
    response = organiser_client.post(reverse("admin:events_meetingblock_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    block = MeetingBlock.objects.get(title="Gặp gỡ B2B buổi chiều")
    # 14:00–16:00 in 20-minute meetings with 5-minute breaks: 14:00, 14:25, ... 15:40
    assert block.slots.count() == 5
    assert block.tables.count() == 6
