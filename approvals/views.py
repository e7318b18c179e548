from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from approvals import evidence
from posts.access import get_post_for_member
from posts.models import Post
from socialops.access import org_member_required
from socialops.models import Role
from socialops.navigation import roles_for


@org_member_required(roles_for("approvals:queue"))
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    return render(request, "approvals/queue.html")


# Evidence ----------------------------------------------------------------------------------------

EVIDENCE_ROLES = (Role.ADMIN, Role.REVIEWER, Role.AUTHOR)


def _evidence_post(request: HttpRequest, pk: int) -> Post:
    post = get_post_for_member(request.membership, pk)
    evidence.require_readable(request.membership, post)
    return post


@org_member_required(EVIDENCE_ROLES)
@require_GET
def evidence_page(request: HttpRequest, pk: int) -> HttpResponse:
    post = _evidence_post(request, pk)
    document = evidence.export(post=post, by=request.user, fmt="html")
    return render(
        request,
        "approvals/evidence.html",
        {"post": post, "evidence": document, "org_timezone": request.organization.timezone},
    )


@org_member_required(EVIDENCE_ROLES)
@require_GET
def evidence_json(request: HttpRequest, pk: int) -> HttpResponse:
    post = _evidence_post(request, pk)
    document = evidence.export(post=post, by=request.user, fmt="json")
    response = HttpResponse(evidence.as_json(document), content_type="application/json")
    name = f"evidence-{request.organization.slug}-post-{post.pk}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
