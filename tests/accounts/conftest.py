import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Users made by factories hash their password; MD5 makes that instant in tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
