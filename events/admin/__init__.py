"""The organisers' admin for events, split by concern: set-up and participants (event),
catalogue packets (packets)."""

from . import event, packets  # noqa: F401  (registers the ModelAdmins)
