"""Files sent with a form that came back with an error, kept so they need not be chosen again.

A browser never refills a file input: when a certificate form fails on its date, the scan the
producer chose is gone. A form using ``KeepsUploads`` stores each file that passed its own
checks under ``kept/<day>/<random>/`` in the default storage as soon as the form has an error
(from its own cleaning or added later by a service), and its ``KeptFileInput`` renders a
signed token for it beside a note naming the file. Sent again without a new file, the form
gets the kept file back, exactly as checked the first time. A new file replaces it.

Tokens are signed (nobody can point one at another file) and last ``MAX_AGE``;
``purge(today)``, run by beat every hour (``ocop_portal.purge_kept_uploads``), deletes the
folders of days before yesterday.
"""

from __future__ import annotations

import datetime
import posixpath
import uuid

from django import forms
from django.core import signing
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from producers.images import PreparedFile

ROOT = "kept"
MAX_AGE = 24 * 3600  # seconds a token is honoured
SALT = "ocop_portal.kept_uploads"
SUFFIX = "-kept"  # the hidden field is named after the file field: "scan-kept"


def store(prepared, display_name: str) -> str:
    """Store a checked file; return the token that gives it back."""
    day = timezone.now().strftime("%Y%m%d")
    name = posixpath.basename(prepared.name or "") or "file"
    prepared.seek(0)
    path = default_storage.save(f"{ROOT}/{day}/{uuid.uuid4().hex}/{name}", prepared)
    prepared.seek(0)
    payload = {"p": path, "n": display_name[:200], "t": getattr(prepared, "content_type", "")}
    return signing.dumps(payload, salt=SALT, compress=True)


def load(token: str | None) -> PreparedFile | None:
    """The kept file of a token, or None when the token is missing, forged, too old or its
    file is gone. The file carries ``kept_token`` and ``display_name``."""
    if not token:
        return None
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        path = payload["p"]
    except (signing.BadSignature, KeyError, TypeError):
        return None
    if not isinstance(path, str) or not path.startswith(ROOT + "/") or ".." in path.split("/"):
        return None
    try:
        with default_storage.open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    kept = PreparedFile(data, name=posixpath.basename(path))
    kept.content_type = payload.get("t", "")
    kept.kept_token, kept.display_name = token, payload.get("n") or kept.name
    return kept


def purge(today: datetime.date | None = None) -> int:
    """Delete the kept files of days before yesterday; return how many files went."""
    today = today or timezone.localdate()
    oldest_kept = (today - datetime.timedelta(days=1)).strftime("%Y%m%d")
    try:
        days, _files = default_storage.listdir(ROOT)
    except (FileNotFoundError, NotImplementedError):
        return 0
    removed = 0
    for day in days:
        if day >= oldest_kept:
            continue
        folder = f"{ROOT}/{day}"
        for upload in default_storage.listdir(folder)[0]:
            for name in default_storage.listdir(f"{folder}/{upload}")[1]:
                default_storage.delete(f"{folder}/{upload}/{name}")
                removed += 1
            default_storage.delete(f"{folder}/{upload}")
        default_storage.delete(folder)
    return removed


class KeptFileInput(forms.FileInput):
    """A file input that, when a kept file is waiting, names it and sends its token along."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.kept: PreparedFile | None = None

    def value_from_datadict(self, data, files, name):
        token = data.get(name + SUFFIX)
        if token and (self.kept is None or self.kept.kept_token != token):
            self.kept = load(token)
        upload = super().value_from_datadict(data, files, name)
        if upload:
            return upload  # a new file replaces the kept one, unless it is refused
        if self.kept is not None:
            self.kept.seek(0)
        return self.kept

    def value_omitted_from_data(self, data, files, name):
        return super().value_omitted_from_data(data, files, name) and name + SUFFIX not in data

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if self.kept is None:
            return html
        return format_html(
            '{}<input type="hidden" name="{}" value="{}"><p class="kept-file" role="status">{}</p>',
            html,
            name + SUFFIX,
            self.kept.kept_token,
            _("Kept from your last try: %(name)s. Choose a file only to replace it.")
            % {"name": self.kept.display_name},
        )


class KeepsUploads:
    """Form mixin: keep the files of ``KeptFileInput`` fields once the form has an error."""

    def full_clean(self):
        self._cleaning_done = False
        super().full_clean()
        self._cleaning_done = True
        if self._errors:
            self._keep_uploads()

    def add_error(self, field, error):
        super().add_error(field, error)
        if getattr(self, "_cleaning_done", False):
            self._keep_uploads()

    def _keep_uploads(self):
        for name, field in self.fields.items():
            widget = field.widget
            if not isinstance(widget, KeptFileInput) or name in self._errors:
                continue
            value = self.cleaned_data.get(name)
            if not value or getattr(value, "kept_token", None):
                continue  # nothing sent, or the kept file came back and keeps its token
            upload = self.files.get(self.add_prefix(name))
            value.display_name = posixpath.basename(getattr(upload, "name", "") or value.name)
            value.kept_token = store(value, value.display_name)
            widget.kept = value
