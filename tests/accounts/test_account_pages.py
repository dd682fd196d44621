"""Sign up, e-mail verification, log in, log out and password reset (django-allauth) in the
portal's layout, in English and in Vietnamese (locale/allauth/vi)."""

import re

import pytest
from django.core import mail

from accounts.models import User
from tests.factories import ProducerInvitationFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Hanh-tim-Vinh-Chau-2027"


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def page_text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def sign_up(client, email="nguoimoi@example.vn", lang="en"):
    return client.post(
        f"/{lang}/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )


def test_signup_page_is_in_the_portal_layout(client):
    response = client.get("/en/accounts/signup/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="site-header"' in html
    assert '<body class="auth">' in html
    assert '<label for="id_email">' in html
    assert 'class="button"' in html
    assert "<title>Signup · OCOP Connect</title>" in re.sub(r"\s+", " ", html).replace("> ", ">").replace(
        " <", "<"
    )


def test_signup_verify_email_then_choose_a_role(client):
    response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert "Verify Your Email Address" in page_text(client.get(response["Location"]))
    user = User.objects.get(email="nguoimoi@example.vn")
    assert user.language == "en"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "[OCOP] Please Confirm Your Email Address"
    assert message.body.startswith("Hello from OCOP Connect!")
    confirm_url = link_in(message)
    assert "Confirm Email Address" in page_text(client.get(confirm_url))
    response = client.post(confirm_url, follow=True)
    assert response.redirect_chain[-1][0] == "/en/me/start/"
    assert "I am a producer" in page_text(response)


def test_unverified_user_cannot_log_in(client):
    sign_up(client)
    client.logout()
    response = client.post("/en/accounts/login/", {"login": "nguoimoi@example.vn", "password": PASSWORD})
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_login_and_logout(client):
    user = UserFactory(email="lan@example.vn", password=PASSWORD)
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    wrong = client.post("/en/accounts/login/", {"login": "lan@example.vn", "password": "nope"})
    assert "The email address and/or password you specified are not correct." in page_text(wrong)
    response = client.post("/en/accounts/login/", {"login": "lan@example.vn", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert "Are you sure you want to sign out?" in page_text(client.get("/en/accounts/logout/"))
    client.post("/en/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_password_reset(client):
    user = UserFactory(email="quen@example.vn")
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    response = client.post("/en/accounts/password/reset/", {"email": "QUEN@example.vn"})
    assert response["Location"] == "/en/accounts/password/reset/done/"
    key_url = link_in(mail.outbox[-1])
    form_page = client.get(key_url, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    assert "Change Password" in page_text(form_page)
    done = client.post(set_url, {"password1": "Mat-khau-moi-2027", "password2": "Mat-khau-moi-2027"})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Mat-khau-moi-2027")


def test_lockout_after_five_failures(client):
    user = UserFactory(email="khoa@example.vn", password=PASSWORD)
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    for _ in range(4):
        client.post("/en/accounts/login/", {"login": "khoa@example.vn", "password": "sai"})
    fifth = client.post("/en/accounts/login/", {"login": "khoa@example.vn", "password": "sai"})
    assert fifth.status_code == 429
    assert "Too many failed logins" in fifth.content.decode()
    # Even the right password is refused now (allauth's own limit answers before axes).
    client.post("/en/accounts/login/", {"login": "khoa@example.vn", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_invitation_survives_sign_up_and_verification(client):
    invitation = ProducerInvitationFactory(email="moi@example.vn")
    accept_url = f"/en/producer/invitations/{invitation.token}/"
    response = client.post(
        f"/en/accounts/signup/?next={accept_url}",
        {"email": "moi@example.vn", "password1": PASSWORD, "password2": PASSWORD, "next": accept_url},
    )
    assert response.status_code == 302
    response = client.post(link_in(mail.outbox[-1]), follow=True)
    assert f"Join the team of {invitation.producer.legal_name}" in page_text(response)
    response = client.post(accept_url)
    assert response["Location"] == "/en/producer/"
    assert invitation.producer.memberships.filter(user__email="moi@example.vn").exists()


# --- Vietnamese (locale/allauth/vi) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected", "english"),
    [
        (
            "/vi/accounts/signup/",
            ["Mật khẩu (nhập lại)", "Đã có tài khoản? Vui lòng"],
            ["Password (again)", "Sign Up"],
        ),
        (
            "/vi/accounts/login/",
            ["Quên mật khẩu?", "Ghi nhớ đăng nhập", "Nếu bạn chưa có tài khoản"],
            ["Sign In"],
        ),
        ("/vi/accounts/password/reset/", ["Quên mật khẩu? Nhập địa chỉ email"], ["Reset My Password"]),
    ],
)
def test_account_pages_in_vietnamese(client, path, expected, english):
    html = page_text(client.get(path))
    for phrase in expected:
        assert phrase in html
    for phrase in english:
        assert phrase not in html


def test_signup_errors_and_emails_in_vietnamese(client):
    response = client.post(
        "/vi/accounts/signup/", {"email": "a@example.vn", "password1": PASSWORD, "password2": PASSWORD + "x"}
    )
    assert "Hai lần nhập mật khẩu phải giống nhau." in page_text(response)
    # Django's own Vietnamese has no password rules and calls a bad address "Nhập địa chỉ email."
    response = client.post(
        "/vi/accounts/signup/", {"email": "not-an-address", "password1": "123456", "password2": "123456"}
    )
    page = page_text(response)
    assert "Nhập một địa chỉ email hợp lệ." in page
    assert "Mật khẩu quá ngắn: cần ít nhất 8 ký tự." in page
    assert "This password" not in page
    sign_up(client, email="ba@example.vn", lang="vi")
    message = mail.outbox[-1]
    assert message.subject == "[OCOP] Vui lòng xác nhận địa chỉ email của bạn"
    assert message.body.splitlines()[0].endswith("xin gửi lời chào!")
    assert "Để xác nhận, hãy mở liên kết" in message.body
    assert User.objects.get(email="ba@example.vn").language == "vi"
    assert "Chúng tôi đã gửi cho bạn một email xác minh." in page_text(
        client.get("/vi/accounts/confirm-email/")
    )


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_every_account_page_renders_in_the_layout(client, lang):
    anonymous = [
        "accounts/login/",
        "accounts/signup/",
        "accounts/password/reset/",
        "accounts/password/reset/done/",
        "accounts/confirm-email/",
        "accounts/confirm-email/not-a-key/",
        "accounts/password/reset/key/1-set-password/",
        "accounts/inactive/",
    ]
    for path in anonymous:
        response = client.get(f"/{lang}/{path}", follow=True)
        assert response.status_code == 200, path
        assert 'class="site-header"' in response.content.decode(), path
    user = UserFactory(email="lan@example.vn", password=PASSWORD)
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    client.force_login(user)
    for path in ("accounts/email/", "accounts/password/change/", "accounts/logout/"):
        response = client.get(f"/{lang}/{path}")
        assert response.status_code == 200, path
        html = response.content.decode()
        assert 'class="site-header"' in html, path
        assert 'class="button' in html, path


def test_full_name_in_the_order_of_the_users_language():
    """Vietnamese names are written family name first: "Xin chào Quách Mỹ Linh", not
    "Mỹ Linh Quách" (a usability review found the e-mails greeting people backwards)."""
    from accounts.models import User

    assert User(first_name="Mỹ Linh", last_name="Quách", language="vi").get_full_name() == "Quách Mỹ Linh"
    assert User(first_name="Mỹ Linh", last_name="Quách", language="en").get_full_name() == "Mỹ Linh Quách"
    assert User(first_name=" Hà ", last_name="", language="vi").get_full_name() == "Hà"
    assert str(User(first_name="Thu Hà", last_name="Nguyễn", language="vi")) == "Nguyễn Thu Hà"
