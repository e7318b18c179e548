import pytest
import yaml
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from socialops.models import AuditEvent, Invitation, Membership, Role
from socialops.testing import PASSWORD


@pytest.fixture
def api():
    return APIClient()


def _as(api, membership):
    api.force_authenticate(membership.user)
    return api


def test_a_token_from_email_and_password_authenticates_api_calls(riverside, api):
    response = api.post(
        reverse("token"), {"username": riverside.viewer.user.email, "password": PASSWORD}
    )
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = api.get(reverse("member-list", args=["riverside"]))
    assert response.status_code == 200
    assert response.json()["count"] == 4


def test_a_wrong_password_gets_no_token(riverside, api):
    response = api.post(
        reverse("token"), {"username": riverside.viewer.user.email, "password": "x"}
    )
    assert response.status_code == 400
    assert "token" not in response.json()


def test_an_admin_changes_a_role_over_the_api(riverside, api):
    url = reverse("member-detail", args=["riverside", riverside.author.pk])
    response = _as(api, riverside.admin).patch(url, {"role": "reviewer"}, format="json")
    assert response.status_code == 200
    assert response.json()["role"] == "reviewer"
    assert AuditEvent.objects.filter(verb="member.role_changed").count() == 1


def test_demoting_the_last_admin_over_the_api_is_a_400_with_the_field(riverside, api):
    url = reverse("member-detail", args=["riverside", riverside.admin.pk])
    response = _as(api, riverside.admin).patch(url, {"role": "viewer"}, format="json")
    assert response.status_code == 400
    assert "last admin" in response.json()["role"][0]
    response = api.delete(url)
    assert response.status_code == 400
    assert Membership.objects.filter(pk=riverside.admin.pk, role=Role.ADMIN).exists()


def test_an_unknown_role_is_a_400(riverside, api):
    url = reverse("member-detail", args=["riverside", riverside.author.pk])
    response = _as(api, riverside.admin).patch(url, {"role": "owner"}, format="json")
    assert response.status_code == 400
    assert "role" in response.json()


def test_an_admin_removes_a_member_over_the_api(riverside, api):
    url = reverse("member-detail", args=["riverside", riverside.author.pk])
    assert _as(api, riverside.admin).delete(url).status_code == 204
    assert not Membership.objects.filter(pk=riverside.author.pk).exists()


def test_an_admin_invites_over_the_api_and_the_token_stays_out_of_the_response(
    riverside, api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _as(api, riverside.admin).post(
            reverse("invitation-list", args=["riverside"]),
            {"email": "New.Person@Example.org", "role": "author"},
            format="json",
        )
    assert response.status_code == 201
    body = response.json()
    assert body["email"] == "new.person@example.org"
    assert set(body) == {"id", "email", "role", "invited_by", "created_at", "expires_at"}
    assert mail.outbox[-1].to == ["new.person@example.org"]
    assert (
        api.delete(reverse("invitation-detail", args=["riverside", body["id"]])).status_code == 204
    )
    assert Invitation.objects.get().revoked_at is not None


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"email": "not-an-email", "role": "author"}, "email"),
        ({"email": "a@example.org", "role": "owner"}, "role"),
        ({"role": "author"}, "email"),
    ],
)
def test_a_bad_invitation_is_a_400_with_field_errors(riverside, api, payload, field):
    response = _as(api, riverside.admin).post(
        reverse("invitation-list", args=["riverside"]), payload, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not Invitation.objects.exists()


def test_inviting_an_existing_member_over_the_api_is_a_400(riverside, api):
    response = _as(api, riverside.admin).post(
        reverse("invitation-list", args=["riverside"]),
        {"email": riverside.viewer.user.email, "role": "author"},
        format="json",
    )
    assert response.status_code == 400
    assert "already a member" in response.json()["email"][0]


def test_the_audit_trail_is_filtered_and_newest_first(riverside, api):
    response = _as(api, riverside.reviewer).get(
        reverse("audit-event-list", args=["riverside"]), {"verb": "member.added"}
    )
    assert response.status_code == 200
    seqs = [e["seq"] for e in response.json()["results"]]
    assert len(seqs) == 4
    assert seqs == sorted(seqs, reverse=True)


def test_an_admin_updates_the_organization_and_a_bad_timezone_is_a_400(riverside, api):
    url = reverse("organization-detail", args=["riverside"])
    response = _as(api, riverside.admin).patch(url, {"timezone": "America/Denver"}, format="json")
    assert response.status_code == 200
    assert response.json()["timezone"] == "America/Denver"
    response = api.patch(url, {"timezone": "Mars/Olympus"}, format="json")
    assert response.status_code == 400
    assert "timezone" in response.json()


def test_the_openapi_schema_describes_the_tenant_endpoints(db, client):
    response = client.get(reverse("schema"))
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/orgs/{org_slug}/members/" in schema["paths"]
    assert "/api/v1/orgs/{org_slug}/audit-events/" in schema["paths"]


def test_the_api_docs_page_loads_its_assets_locally(db, client):
    response = client.get(reverse("api_docs"))
    assert response.status_code == 200
    assert b"swagger-ui" in response.content
    assert b"https://" not in response.content.replace(b"https://github.com", b"")
