"""What third-party apps show organisers in the admin, in Vietnamese.

django-allauth, django-axes and django-celery-beat have no Vietnamese translation, nor has Django's admin for
its newest strings: their names are listed here with ``gettext_noop`` so that makemessages
keeps them in ``locale/vi`` (Django looks up the project's catalogue before the apps'), and
django-axes gets a readable section title instead of its package name.
"""

from axes.apps import AppConfig as BaseAxesConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class AxesConfig(BaseAxesConfig):
    """django-axes (login lock-out) under a name organisers understand."""

    verbose_name = _("Login protection")


STRINGS = (
    # django-allauth: its section of e-mail addresses.
    gettext_noop("Accounts"),
    # django-axes: the records of failed and successful logins.
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    # django-celery-beat: the schedule of the periodic tasks (packets, sweepers).
    gettext_noop("Periodic Tasks"),
    gettext_noop("periodic task"),
    gettext_noop("periodic tasks"),
    gettext_noop("clocked"),
    gettext_noop("crontab"),
    gettext_noop("crontabs"),
    gettext_noop("interval"),
    gettext_noop("intervals"),
    gettext_noop("solar event"),
    gettext_noop("solar events"),
    # Django's admin: the list filters' count switch.
    gettext_noop("Show counts"),
    gettext_noop("Hide counts"),
)
