from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from socialops.access import org_member_required
from socialops.navigation import roles_for


@org_member_required(roles_for("posts:drafts"))
@require_GET
def drafts(request: HttpRequest) -> HttpResponse:
    return render(request, "posts/drafts.html")


@org_member_required(roles_for("posts:calendar"))
@require_GET
def calendar(request: HttpRequest) -> HttpResponse:
    return render(request, "posts/calendar.html")
