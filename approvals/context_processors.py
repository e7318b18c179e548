"""The crisis pause banner every organization page shows while publishing is paused."""

from functools import partial

from django.http import HttpRequest

from approvals.models import CrisisPause

_NOT_LOOKED_UP = object()


def pause_for(request: HttpRequest) -> CrisisPause | None:
    """The organization's active pause, looked up once per request: the banner and the
    calendar read the same row."""
    cached = getattr(request, "_crisis_pause", _NOT_LOOKED_UP)
    if cached is _NOT_LOOKED_UP:
        cached = (
            CrisisPause.objects.active()
            .filter(organization=request.organization)
            .select_related("started_by", "network_pause__organization")
            .first()
        )
        request._crisis_pause = cached
    return cached


def crisis_pause(request: HttpRequest) -> dict:
    # A callable, so the query runs only when a template reads it (the base template does;
    # htmx fragments and API answers don't).
    if getattr(request, "organization", None) is None:
        return {}
    return {"crisis_pause": partial(pause_for, request)}
