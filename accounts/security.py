"""Login lock-out support for django-axes."""


def axes_username(request, credentials: dict | None) -> str | None:
    """The account a login attempt targets, whichever form sent it: allauth posts "login"
    and authenticates with "email"; the admin posts and authenticates with "username"."""
    for source in (credentials or {}, getattr(request, "POST", {}) or {}):
        for key in ("email", "login", "username"):
            value = source.get(key)
            if value:
                return str(value).strip().lower()
    return None
