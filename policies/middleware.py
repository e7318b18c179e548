from policies.access import pending_policy, redirect_to_acknowledge
from socialops.models import Membership

# The pages a member with a pending version may still open: reading and acknowledging the
# policy itself.
OPEN_VIEWS = {
    "policies:index",
    "policies:acknowledge",
    "policies:history",
    "policies:version",
    "policies:diff",
}


class PolicyGateMiddleware:
    """After login, and on any page of an organization, a member who may draft, submit, sign off
    or connect lands on the acknowledgement page first while a policy version is pending for
    them. The API is gated per endpoint (policies.access.PolicyAcknowledged) instead: a client
    cannot follow a redirect to a form."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        slug = view_kwargs.get("org_slug")
        match = request.resolver_match
        if (
            slug is None
            or not request.user.is_authenticated
            or request.path.startswith("/api/")
            or (match and match.view_name in OPEN_VIEWS)
        ):
            return None
        membership = (
            Membership.objects.select_related("organization")
            .filter(user=request.user, organization__slug=slug)
            .first()
        )
        if membership is None:
            return None  # the view's own membership check answers 404
        version = pending_policy(membership)
        if version is None:
            return None
        return redirect_to_acknowledge(request, membership.organization, version)
