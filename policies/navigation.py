"""The Policies section's own sub-navigation, by role. Views take their roles from here so the
links shown and the pages allowed never differ."""

from dataclasses import dataclass

from django.urls import reverse

from socialops.access import ALL_ROLES
from socialops.models import Role


@dataclass(frozen=True)
class SubSection:
    label: str
    url_name: str
    roles: tuple[str, ...]


SUBSECTIONS = (
    SubSection("Policy", "policies:index", ALL_ROLES),
    SubSection("Training records", "policies:training", (Role.ADMIN, Role.REVIEWER)),
    SubSection("Content rules", "policies:content_rules", (Role.ADMIN, Role.REVIEWER, Role.AUTHOR)),
    SubSection("Approval rules", "policies:approval_rules", (Role.ADMIN, Role.REVIEWER)),
    SubSection("Consents", "policies:consents", (Role.ADMIN, Role.REVIEWER, Role.AUTHOR)),
)

# Who changes what: admins the rules and the policy, reviewers and admins the consents.
EDITORS = (Role.ADMIN,)
CONSENT_KEEPERS = (Role.ADMIN, Role.REVIEWER)


def roles_for(url_name: str) -> tuple[str, ...]:
    return next(s.roles for s in SUBSECTIONS if s.url_name == url_name)


def subnav(request) -> list[dict]:
    membership = request.membership
    here = request.resolver_match.view_name if request.resolver_match else ""
    slug = membership.organization.slug
    items = []
    for section in SUBSECTIONS:
        if membership.role not in section.roles:
            continue
        # A sub-page belongs to the section whose name starts its own ("policies:consent_new"
        # sits under "policies:consents").
        stem = section.url_name.rstrip("s")
        current = here == section.url_name or (
            section.url_name != "policies:index" and here.startswith(stem)
        )
        items.append({"label": section.label, "url": reverse(section.url_name, args=[slug]),
                      "current": current})  # fmt: skip
    if not any(item["current"] for item in items) and items:
        items[0]["current"] = here.startswith("policies:")
    return items
