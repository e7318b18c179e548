"""Members, roles and invitations through the pages, with the three personas: the admin who may
act, a member who may only look, and an outsider who must get 404."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from socialops.models import AuditEvent, Invitation, Membership, Role, User
from socialops.testing import PASSWORD, make_member


@pytest.fixture
def invite(client, django_capture_on_commit_callbacks):
    """Post the invite form as the org's admin; the email goes out when the transaction commits."""

    def post(people, email="new.hire@example.org", role=Role.AUTHOR):
        client.force_login(people.admin.user)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("invite", args=[people.org.slug]), {"email": email, "role": role}
            )

    return post


def _link_from_last_email() -> str:
    return re.search(r"http://\S+/invitations/(\S+)/", mail.outbox[-1].body).group(0)


def _path(link: str) -> str:
    return "/" + link.split("/", 3)[3]


class TestInvitations:
    def test_an_admin_invites_by_email_and_the_link_is_mailed(self, riverside, client, invite):
        response = invite(riverside)
        assert response.status_code == 302
        invitation = Invitation.objects.get(email="new.hire@example.org")
        assert invitation.role == Role.AUTHOR
        assert mail.outbox[-1].to == ["new.hire@example.org"]
        assert "Riverside Community Health" in mail.outbox[-1].subject
        # Only the hash is stored: the token in the link is not in the database.
        token = _link_from_last_email().rstrip("/").rsplit("/", 1)[1]
        assert invitation.token_hash == Invitation.hash_token(token)
        assert token not in invitation.token_hash
        assert AuditEvent.objects.filter(
            verb="invitation.sent", target_id=str(invitation.pk)
        ).exists()

    def test_a_new_person_accepts_and_lands_on_their_role_home(self, riverside, client, invite):
        invite(riverside, role=Role.REVIEWER)
        link = _path(_link_from_last_email())
        client.logout()
        response = client.post(
            link,
            {
                "full_name": "Nia Brooks",
                "password1": "a-Long-pass-2026",
                "password2": "a-Long-pass-2026",
            },
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("approvals:queue", args=["riverside"])
        user = User.objects.get(email="new.hire@example.org")
        assert Membership.objects.get(user=user, organization=riverside.org).role == Role.REVIEWER
        assert client.get(response["Location"]).status_code == 200

    def test_a_used_link_says_so_and_changes_nothing(self, riverside, client, invite):
        invite(riverside)
        link = _path(_link_from_last_email())
        client.logout()
        form = {
            "full_name": "Nia Brooks",
            "password1": "a-Long-pass-2026",
            "password2": "a-Long-pass-2026",
        }
        client.post(link, form)
        client.logout()
        response = client.post(link, form)
        assert response.status_code == 410
        assert b"already been used" in response.content
        assert Membership.objects.filter(user__email="new.hire@example.org").count() == 1

    def test_an_expired_link_says_so(self, riverside, client, invite):
        invite(riverside)
        link = _path(_link_from_last_email())
        Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
        client.logout()
        response = client.get(link)
        assert response.status_code == 410
        assert b"expired" in response.content

    def test_an_unknown_link_says_so(self, db, client):
        response = client.get(reverse("invitation_accept", args=["not-a-real-token"]))
        assert response.status_code == 410
        assert b"not valid" in response.content

    def test_a_withdrawn_invitation_no_longer_works(self, riverside, client, invite):
        invite(riverside)
        link = _path(_link_from_last_email())
        invitation = Invitation.objects.get()
        client.post(reverse("revoke_invitation", args=["riverside", invitation.pk]))
        client.logout()
        assert b"withdrawn" in client.get(link).content

    def test_inviting_again_replaces_the_old_link(self, riverside, client, invite):
        invite(riverside)
        first = _path(_link_from_last_email())
        invite(riverside)
        client.logout()
        assert client.get(first).status_code == 410
        assert client.get(_path(_link_from_last_email())).status_code == 200

    def test_a_bad_email_re_renders_the_form_with_the_message_at_the_field(
        self, riverside, client, invite
    ):
        response = invite(riverside, email="not-an-email")
        assert response.status_code == 400
        assert b"Enter a valid email address." in response.content
        assert b'value="not-an-email"' in response.content
        assert not Invitation.objects.exists()

    def test_inviting_an_existing_member_is_refused_at_the_field(self, riverside, client, invite):
        response = invite(riverside, email=riverside.viewer.user.email)
        assert response.status_code == 400
        assert b"already a member" in response.content

    def test_mismatched_passwords_keep_the_invitation_pending(self, riverside, client, invite):
        invite(riverside)
        link = _path(_link_from_last_email())
        client.logout()
        response = client.post(
            link,
            {"full_name": "Nia", "password1": "a-Long-pass-2026", "password2": "other-pass-2026"},
        )
        assert response.status_code == 400
        assert b"don&#x27;t match" in response.content
        assert not User.objects.filter(email="new.hire@example.org").exists()
        assert Invitation.objects.pending().count() == 1

    def test_an_existing_user_logged_in_as_someone_else_cannot_take_the_invitation(
        self, riverside, harbor, client, invite
    ):
        invite(riverside, email=harbor.author.user.email)
        link = _path(_link_from_last_email())
        client.force_login(harbor.viewer.user)
        response = client.post(link, follow=True)
        assert b"Log in as that person" in response.content
        assert not Membership.objects.filter(
            organization=riverside.org, user=harbor.viewer.user
        ).exists()

    def test_an_existing_user_accepts_with_one_click(self, riverside, harbor, client, invite):
        invite(riverside, email=harbor.author.user.email, role=Role.VIEWER)
        link = _path(_link_from_last_email())
        client.force_login(harbor.author.user)
        response = client.post(link)
        assert response["Location"] == reverse("analytics:dashboard", args=["riverside"])
        assert (
            Membership.objects.get(organization=riverside.org, user=harbor.author.user).role
            == Role.VIEWER
        )


class TestRoles:
    def test_an_admin_changes_a_role(self, riverside, client):
        client.force_login(riverside.admin.user)
        url = reverse("change_role", args=["riverside", riverside.author.pk])
        client.post(url, {"role": Role.REVIEWER})
        riverside.author.refresh_from_db()
        assert riverside.author.role == Role.REVIEWER
        event = AuditEvent.objects.get(verb="member.role_changed")
        assert (event.before, event.after, event.actor) == (
            {"role": "author"}, {"role": "reviewer"}, riverside.admin.user,
        )  # fmt: skip

    def test_the_last_admin_cannot_be_demoted_or_removed(self, riverside, client):
        client.force_login(riverside.admin.user)
        response = client.post(
            reverse("change_role", args=["riverside", riverside.admin.pk]),
            {"role": Role.VIEWER},
            follow=True,
        )
        assert b"last admin" in response.content
        response = client.post(
            reverse("remove_member", args=["riverside", riverside.admin.pk]), follow=True
        )
        assert b"last admin" in response.content
        riverside.admin.refresh_from_db()
        assert riverside.admin.role == Role.ADMIN

    def test_with_two_admins_one_may_step_down(self, riverside, client):
        client.force_login(riverside.admin.user)
        client.post(
            reverse("change_role", args=["riverside", riverside.reviewer.pk]), {"role": Role.ADMIN}
        )
        client.post(
            reverse("change_role", args=["riverside", riverside.admin.pk]), {"role": Role.VIEWER}
        )
        riverside.admin.refresh_from_db()
        assert riverside.admin.role == Role.VIEWER

    def test_an_admin_removes_a_member(self, riverside, client):
        client.force_login(riverside.admin.user)
        client.post(reverse("remove_member", args=["riverside", riverside.author.pk]))
        assert not Membership.objects.filter(pk=riverside.author.pk).exists()
        assert AuditEvent.objects.filter(verb="member.removed", before__role="author").exists()

    def test_an_unknown_role_is_refused(self, riverside, client):
        client.force_login(riverside.admin.user)
        response = client.post(
            reverse("change_role", args=["riverside", riverside.author.pk]),
            {"role": "owner"},
            follow=True,
        )
        assert b"Choose one of the roles" in response.content
        riverside.author.refresh_from_db()
        assert riverside.author.role == Role.AUTHOR

    @pytest.mark.parametrize("persona", ["author", "reviewer", "viewer"])
    def test_only_admins_manage_members(self, riverside, client, persona):
        client.force_login(getattr(riverside, persona).user)
        assert client.get(reverse("members", args=["riverside"])).status_code == 403
        response = client.post(
            reverse("change_role", args=["riverside", riverside.author.pk]), {"role": "admin"}
        )
        assert response.status_code == 403


class TestLogin:
    def test_a_wrong_password_and_an_unknown_email_get_the_same_message(self, riverside, client):
        wrong_password = client.post(
            reverse("login"), {"username": riverside.admin.user.email, "password": "nope"}
        )
        unknown_email = client.post(
            reverse("login"), {"username": "nobody@example.org", "password": "nope"}
        )
        assert wrong_password.status_code == unknown_email.status_code == 200
        assert wrong_password.context["form"].errors == unknown_email.context["form"].errors
        assert b"don&#x27;t match an account" in wrong_password.content

    def test_logging_in_lands_on_the_role_home(self, riverside, client):
        response = client.post(
            reverse("login"),
            {"username": riverside.reviewer.user.email.upper(), "password": PASSWORD},
            follow=True,
        )
        assert response.redirect_chain[-1][0] == reverse("approvals:queue", args=["riverside"])

    def test_a_person_without_an_organization_is_told_what_to_do(self, db, client):
        user = User.objects.create_user("lonely@example.org", PASSWORD)
        client.force_login(user)
        assert b"not in an organization yet" in client.get("/").content

    def test_password_reset_mails_a_link_that_sets_a_new_password(self, riverside, client):
        email = riverside.viewer.user.email
        response = client.post(reverse("password_reset"), {"email": email})
        assert response.status_code == 302
        link = re.search(r"http://\S+/accounts/password-reset/\S+/", mail.outbox[-1].body).group(0)
        response = client.get(_path(link), follow=True)
        set_password_url = response.redirect_chain[-1][0]
        client.post(
            set_password_url,
            {"new_password1": "Fresh-pass-2026!", "new_password2": "Fresh-pass-2026!"},
        )
        assert client.login(username=email, password="Fresh-pass-2026!")

    def test_password_reset_for_an_unknown_email_looks_the_same(self, db, client):
        response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
        assert response.status_code == 302
        assert response["Location"] == reverse("password_reset_done")
        assert mail.outbox == []


class TestOrganizationSettings:
    def test_an_admin_renames_the_organization_and_sets_its_timezone(self, riverside, client):
        client.force_login(riverside.admin.user)
        url = reverse("organization_settings", args=["riverside"])
        client.post(url, {"name": "Riverside CHC", "timezone": "America/Chicago"})
        riverside.org.refresh_from_db()
        assert (riverside.org.name, riverside.org.timezone) == ("Riverside CHC", "America/Chicago")

    def test_an_unknown_timezone_is_refused_at_the_field(self, riverside, client):
        client.force_login(riverside.admin.user)
        url = reverse("organization_settings", args=["riverside"])
        response = client.post(url, {"name": "", "timezone": "Mars/Olympus"})
        assert response.status_code == 400
        assert b"This field is required." in response.content
        assert b"Select a valid choice." in response.content
        riverside.org.refresh_from_db()
        assert riverside.org.name == "Riverside Community Health"


class TestAuditPage:
    def test_admins_and_reviewers_read_and_filter_the_trail(self, riverside, client):
        for persona in ("admin", "reviewer"):
            client.force_login(getattr(riverside, persona).user)
            response = client.get(reverse("audit", args=["riverside"]), {"verb": "member.added"})
            assert response.status_code == 200
            events = list(response.context["page"])
            assert events and {e.verb for e in events} == {"member.added"}

    def test_the_csv_export_holds_the_filtered_events_with_their_hashes(self, riverside, client):
        client.force_login(riverside.reviewer.user)
        response = client.get(reverse("audit_export", args=["riverside"]), {"verb": "member.added"})
        body = b"".join(response.streaming_content).decode()
        lines = body.strip().splitlines()
        assert lines[0].startswith("seq,time_utc,actor_email,verb")
        assert len(lines) == 1 + 4
        assert all(",member.added," in line for line in lines[1:])
        assert AuditEvent.objects.get(seq=2, organization=riverside.org).hash in body

    @pytest.mark.parametrize("persona", ["author", "viewer"])
    def test_authors_and_viewers_cannot_read_the_trail(self, riverside, client, persona):
        client.force_login(getattr(riverside, persona).user)
        assert client.get(reverse("audit", args=["riverside"])).status_code == 403
        assert client.get(reverse("audit_export", args=["riverside"])).status_code == 403

    def test_a_bad_filter_value_is_reported_not_a_500(self, riverside, client):
        client.force_login(riverside.admin.user)
        response = client.get(reverse("audit", args=["riverside"]), {"since": "yesterday-ish"})
        assert response.status_code == 200
        assert b"Enter a valid date." in response.content


class TestQueryBudgets:
    """List pages must not run a query per row: the count stays flat as the organization grows."""

    def _count(self, client, django_assert_max_num_queries, url, budget):
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200

    def test_the_members_page_and_api_list_stay_within_budget(
        self, riverside, client, invite, django_assert_max_num_queries
    ):
        for n in range(25):
            make_member(riverside.org, Role.AUTHOR)
            invite(riverside, email=f"invitee{n}@example.org")
        client.force_login(riverside.admin.user)
        self._count(
            client, django_assert_max_num_queries, reverse("members", args=["riverside"]), 10
        )
        self._count(
            client, django_assert_max_num_queries, reverse("member-list", args=["riverside"]), 8
        )
        self._count(client, django_assert_max_num_queries, reverse("audit", args=["riverside"]), 12)


class TestHtmx:
    def test_a_role_change_from_htmx_returns_the_refreshed_table_with_its_message(
        self, riverside, client
    ):
        client.force_login(riverside.admin.user)
        url = reverse("change_role", args=["riverside", riverside.author.pk])
        response = client.post(url, {"role": Role.VIEWER}, headers={"HX-Request": "true"})
        assert response.status_code == 200
        content = response.content.decode()
        assert "<html" not in content  # a fragment, not the page
        assert 'id="members-section"' in content
        assert "is now viewer" in content

    def test_removing_yourself_from_htmx_sends_the_browser_home(self, riverside, client):
        client.force_login(riverside.admin.user)
        client.post(
            reverse("change_role", args=["riverside", riverside.reviewer.pk]), {"role": "admin"}
        )
        response = client.post(
            reverse("remove_member", args=["riverside", riverside.admin.pk]),
            headers={"HX-Request": "true"},
        )
        assert response["HX-Redirect"] == reverse("home")
        assert not Membership.objects.filter(pk=riverside.admin.pk).exists()


class TestPasswordChange:
    def test_a_member_changes_their_password_and_a_wrong_old_one_is_refused(
        self, riverside, client
    ):
        client.force_login(riverside.author.user)
        url = reverse("password_change")
        response = client.post(
            url,
            {
                "old_password": "wrong",
                "new_password1": "Next-pass-2026!",
                "new_password2": "Next-pass-2026!",
            },
        )
        assert response.status_code == 200
        assert b"Your old password was entered incorrectly" in response.content
        response = client.post(
            url,
            {
                "old_password": PASSWORD,
                "new_password1": "Next-pass-2026!",
                "new_password2": "Next-pass-2026!",
            },
        )
        assert response["Location"] == reverse("password_change_done")
        assert client.login(username=riverside.author.user.email, password="Next-pass-2026!")
