"""Factories for tests across apps. They go through the actions where an action exists, so
test data carries the same audit events real data does."""

import itertools

from socialops import actions
from socialops.models import Membership, Organization, Role, User

PASSWORD = "correct-horse-battery-staple"  # noqa: S105
_counter = itertools.count(1)


def make_user(email: str | None = None, full_name: str = "", **fields) -> User:
    n = next(_counter)
    return User.objects.create_user(
        email or f"person{n}@example.org", PASSWORD, full_name=full_name or f"Person {n}", **fields
    )


def make_org(name: str | None = None, slug: str | None = None, **fields) -> Organization:
    n = next(_counter)
    return actions.create_organization(
        name=name or f"Health Center {n}", slug=slug or f"center-{n}", **fields
    )


def make_member(organization: Organization, role: str = Role.AUTHOR, **user_fields) -> Membership:
    user = make_user(**user_fields)
    return actions.add_member(organization=organization, user=user, role=role, by=None)
