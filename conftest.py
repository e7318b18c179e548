"""Test set-up shared by every app: the real services must be there, and a few factories."""

from dataclasses import dataclass

import psycopg2
import pytest
import redis
from django.conf import settings

from socialops.models import Membership, Organization, Role
from socialops.testing import make_member, make_org


def pytest_configure(config):
    # Before any test or database set-up: refuse to run without the real PostgreSQL and Redis,
    # saying which one is missing. Tests never fall back to SQLite or a fake broker.
    db = settings.DATABASES["default"]
    try:
        psycopg2.connect(
            host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], password=db["PASSWORD"],
            dbname="postgres", connect_timeout=3,
        ).close()  # fmt: skip
    except psycopg2.OperationalError as exc:
        pytest.exit(
            f"PostgreSQL is not reachable at {db['HOST']}:{db['PORT'] or 5432} ({exc}). Start it "
            "(pg_ctlcluster --skip-systemctl-redirect <version> main start) or set DATABASE_URL.",
            returncode=3,
        )
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        pytest.exit(
            f"Redis is not reachable at {settings.REDIS_URL} ({exc}). Start redis-server or set "
            "REDIS_URL.",
            returncode=3,
        )


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


@pytest.fixture(autouse=True)
def _media_in_a_throwaway_folder(settings, tmp_path):
    # Uploads in tests go to a folder of their own, never into var/media.
    settings.MEDIA_ROOT = tmp_path / "media"
