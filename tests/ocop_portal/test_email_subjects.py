"""E-mail subjects are plain text: a name with "&" or quotes must read as typed, not as
HTML entities ("Thương mại &amp; Dịch vụ")."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

from distributors.emails import buyer_decision_send
from tests.factories import BuyerFactory

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def test_every_subject_template_turns_html_escaping_off():
    subjects = sorted(TEMPLATES.rglob("*subject*.txt"))
    assert len(subjects) >= 13
    assert [p.relative_to(TEMPLATES) for p in subjects if "{% autoescape off %}" not in p.read_text()] == []


@pytest.mark.django_db
def test_a_company_name_with_an_ampersand_reads_as_typed():
    buyer = BuyerFactory(distributor__name='Thương mại & Dịch vụ "Sao Việt"', user__language="vi")
    assert buyer_decision_send(buyer=buyer)
    assert 'Thương mại & Dịch vụ "Sao Việt"' in mail.outbox[0].subject
    assert "&amp;" not in mail.outbox[0].subject
