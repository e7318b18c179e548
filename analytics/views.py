from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from socialops.access import org_member_required
from socialops.navigation import roles_for


@org_member_required(roles_for("analytics:dashboard"))
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "analytics/dashboard.html")
