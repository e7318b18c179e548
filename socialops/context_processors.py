from django.urls import reverse

from socialops.models import Notification
from socialops.navigation import sections_for


def shell(request) -> dict:
    """What the base template needs: the current organization, this person's other
    organizations for the switcher, the navigation for their role there, and how many of
    their notifications there are unread (counted only when a template shows it)."""
    membership = getattr(request, "membership", None)
    if membership is None or not request.user.is_authenticated:
        return {}
    slug = membership.organization.slug
    # A section is current when the page sits under its first path segment after the slug:
    # /o/<slug>/settings/organization/ belongs to Settings as much as .../settings/members/.
    here = request.path.split("/")[3:4]
    return {
        "current_org": membership.organization,
        "current_membership": membership,
        "switchable_memberships": request.user.memberships.select_related("organization")
        .exclude(organization=membership.organization)
        .order_by("organization__name"),
        "nav_items": [
            {
                "label": section.label,
                "url": url,
                "current": url.split("/")[3:4] == here,
            }
            for section in sections_for(membership.role)
            for url in [reverse(section.url_name, args=[slug])]
        ],
        "unread_notifications": Notification.objects.unread()
        .filter(user=request.user, organization=membership.organization)
        .count,
    }
