"""What each role sees in the navigation, and where each role lands. One table, so the shell,
the home redirect and the tests agree."""

from dataclasses import dataclass

from django.urls import reverse

from socialops.access import ALL_ROLES as ALL
from socialops.models import Role


@dataclass(frozen=True)
class Section:
    label: str
    url_name: str
    roles: tuple[str, ...]


SECTIONS = (
    Section("Drafts", "posts:drafts", (Role.ADMIN, Role.AUTHOR)),
    Section("Calendar", "posts:calendar", ALL),
    Section("Review queue", "approvals:queue", (Role.ADMIN, Role.REVIEWER)),
    Section("Crisis", "approvals:pause", ALL),
    Section("Analytics", "analytics:dashboard", ALL),
    Section("Policies", "policies:index", ALL),
    Section("Audit trail", "audit", (Role.ADMIN, Role.REVIEWER)),
    Section("Publishing", "platforms:health", (Role.ADMIN,)),
    Section("Settings", "members", (Role.ADMIN,)),
)

ROLE_HOME = {
    Role.ADMIN: "members",
    Role.AUTHOR: "posts:drafts",
    Role.REVIEWER: "approvals:queue",
    Role.VIEWER: "analytics:dashboard",
}


def sections_for(role: str) -> list[Section]:
    return [section for section in SECTIONS if role in section.roles]


def roles_for(url_name: str) -> tuple[str, ...]:
    """The roles that may open a section: views use this so the nav and the gate never differ."""
    return next(section.roles for section in SECTIONS if section.url_name == url_name)


def home_url(membership) -> str:
    return reverse(ROLE_HOME[membership.role], args=[membership.organization.slug])
