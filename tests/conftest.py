from dataclasses import dataclass

import pytest

from socialops.models import Membership, Organization, Role
from socialops.testing import make_member, make_org


@dataclass
class OrgWithPeople:
    org: Organization
    admin: Membership
    author: Membership
    reviewer: Membership
    viewer: Membership


def _org_with_people(name: str, slug: str) -> OrgWithPeople:
    org = make_org(name=name, slug=slug)
    return OrgWithPeople(
        org=org,
        admin=make_member(org, Role.ADMIN),
        author=make_member(org, Role.AUTHOR),
        reviewer=make_member(org, Role.REVIEWER),
        viewer=make_member(org, Role.VIEWER),
    )


@pytest.fixture
def riverside(db) -> OrgWithPeople:
    return _org_with_people("Riverside Community Health", "riverside")


@pytest.fixture
def harbor(db) -> OrgWithPeople:
    """Another organization: its people are outsiders to Riverside."""
    return _org_with_people("Harbor Point Health Center", "harbor-point")
