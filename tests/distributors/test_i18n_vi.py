"""Vietnamese text of the buyer pages. These pass once locale/vi has the translations of
issue 4's new strings (the expected ones are listed in the issue's report)."""

import pytest

from tests.distributors.conftest import make_product
from tests.factories import BuyerFactory

pytestmark = pytest.mark.django_db


def test_catalogue_in_vietnamese(client):
    make_product(name="Bánh pía Tân Huê Viên", certificate__stars=4, certificate__score=80)
    html = client.get("/vi/catalogue/?q=banh+pia").content.decode()
    assert "Danh mục sản phẩm OCOP" in html
    assert "Bộ lọc" in html
    assert "1 sản phẩm" in html
    assert "Từ 4★ trở lên" in html
    # The province facet is the place ("Tỉnh/thành phố"); "Cấp tỉnh" is a certificate's level.
    assert "Tỉnh/thành phố" in html
    assert "Cấp tỉnh" not in html


def test_product_page_in_vietnamese(client, buyer):
    product = make_product(name="Bánh pía Tân Huê Viên", certificate__issuing_level="province")
    make_product(name="Bánh pía sầu riêng", subgroup=product.subgroup)
    client.force_login(buyer.user)
    html = client.get(f"/vi/products/{product.slug}/").content.decode()
    assert "Đề nghị gặp mặt" in html
    assert "Thêm vào danh sách chọn" in html
    assert "Sản phẩm tương tự" in html
    assert "(Cấp tỉnh)" in html  # the certificate's decision, once: not "cấp Cấp tỉnh"
    assert "cấp Cấp" not in html


def test_not_approved_page_in_vietnamese(client):
    pending = BuyerFactory(status="pending")
    client.force_login(pending.user)
    html = client.get("/vi/buyer/shortlists/").content.decode()
    assert "Tài khoản người thu mua của bạn chưa được duyệt" in html
