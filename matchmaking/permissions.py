"""Who may see and act on a meeting request.

- Its producer's members and its distributor's approved buyers see it; a buyer of that
  distributor who is not approved gets a 403 page that explains why; anyone else a 404.
- The side that was asked accepts or declines; cancelling follows
  ``matchmaking.services.can_cancel``.
"""

from django.http import Http404

from distributors.permissions import not_approved_response

from .models import MeetingRequest
from .selectors import Viewer, viewer_of_request


def check_request_access(request, meeting_request: MeetingRequest) -> tuple[Viewer, object | None]:
    """(viewer, response): a 403 response for an unapproved buyer; Http404 for strangers."""
    viewer = viewer_of_request(user=request.user, request=meeting_request)
    if viewer.sides:
        return viewer, None
    if viewer.pending_buyer:
        from distributors.permissions import current_buyer

        return viewer, not_approved_response(request, current_buyer(request))
    raise Http404("No such meeting request")
