from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import get_language


class AccountAdapter(DefaultAccountAdapter):
    """Remembers the language a user signed up in: the portal mails them in it."""

    def save_user(self, request, user, form, commit=True):
        language = (get_language() or "vi")[:2]
        user.language = language if language in ("vi", "en") else "vi"
        return super().save_user(request, user, form, commit=commit)
