"""The crisis page, the banner on every page, and the held posts on the calendar, through the
pages, with the three personas: a reviewer or admin who may act, a viewer who may only look,
and an outsider who gets 404."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.timezone import now

from approvals import actions
from approvals.models import CrisisPause, Submission
from approvals.testing import crisis_template, second_reviewer, sign, submitted_post
from posts.models import Post, PostState
from socialops.models import Role
from socialops.testing import make_member, make_org

NEW_YORK = ZoneInfo("America/New_York")
BANNER = "Publishing is paused"
FAST_TRACK_FORM = 'class="row-form fast-track-form"'


def _crisis_url(org, name="pause", *args):
    return reverse(f"approvals:{name}", args=[org.slug, *args])


def _pause(people, reason="Shooting near the Main Street clinic"):
    return actions.pause_publishing(organization=people.org, by=people.reviewer.user, reason=reason)


def _approved_post(people, **fields):
    post, _ = submitted_post(people.author, **fields)
    sign(post, people.reviewer)
    sign(post, people.admin)
    post.refresh_from_db()
    return post


def _crisis_template(people, **fields):
    template = crisis_template(people.author, [people.reviewer, people.admin], **fields)
    assert template.state == PostState.APPROVED
    return template


def _card(body: str, post: Post) -> str:
    found = re.search(rf'<article class="post-card[^"]*"[^>]*data-post="{post.pk}">.*?</article>',
                      body, re.S)  # fmt: skip
    assert found, f"no card for post {post.pk}"
    return found.group(0)


def _fast_track_data(template, when: dt.datetime) -> dict:
    local = when.astimezone(NEW_YORK)
    prefix = f"template-{template.pk}"
    return {f"{prefix}-date": local.date().isoformat(), f"{prefix}-time": local.strftime("%H:%M")}


class TestPausing:
    def test_a_reviewer_pauses_with_a_reason_and_every_page_shows_the_banner(
        self, client, riverside
    ):
        client.force_login(riverside.reviewer.user)
        response = client.post(_crisis_url(riverside.org), {"reason": "Shooting downtown"})
        assert response.status_code == 302
        pause = CrisisPause.objects.active().get(organization=riverside.org)
        assert pause.reason == "Shooting downtown" and pause.started_by == riverside.reviewer.user
        client.force_login(riverside.viewer.user)
        for name in ("posts:calendar", "policies:index", "notifications"):
            body = client.get(reverse(name, args=["riverside"])).content.decode()
            assert BANNER in body and "Shooting downtown" in body, name
            assert "nothing goes out until it is lifted" in body

    def test_a_pause_without_a_reason_is_refused_next_to_the_field(self, client, riverside):
        client.force_login(riverside.admin.user)
        response = client.post(_crisis_url(riverside.org), {"reason": "   "})
        assert response.status_code == 400
        assert re.search(
            r'<p class="error" id="id_reason_error">Say why publishing is paused.</p>',
            response.content.decode(),
        )
        assert not CrisisPause.objects.exists()

    def test_a_viewer_reads_the_page_but_cannot_pause(self, client, riverside):
        client.force_login(riverside.viewer.user)
        page = client.get(_crisis_url(riverside.org))
        assert page.status_code == 200
        assert "Pause publishing" not in page.content.decode()
        assert client.post(_crisis_url(riverside.org), {"reason": "x"}).status_code == 403
        assert not CrisisPause.objects.exists()

    def test_an_author_cannot_pause_or_lift(self, client, riverside):
        client.force_login(riverside.author.user)
        assert client.post(_crisis_url(riverside.org), {"reason": "x"}).status_code == 403
        _pause(riverside)
        assert client.post(_crisis_url(riverside.org, "lift_pause")).status_code == 403
        assert CrisisPause.objects.active().exists()

    def test_an_outsider_gets_404_on_the_page_and_its_forms(self, client, riverside, harbor):
        template = _crisis_template(riverside)
        client.force_login(harbor.admin.user)
        assert client.get(_crisis_url(riverside.org)).status_code == 404
        assert client.post(_crisis_url(riverside.org), {"reason": "x"}).status_code == 404
        assert client.post(_crisis_url(riverside.org, "lift_pause")).status_code == 404
        url = _crisis_url(riverside.org, "fast_track", template.pk)
        assert client.post(url).status_code == 404
        assert not CrisisPause.objects.exists()

    def test_pausing_twice_is_refused_with_a_message(self, client, riverside):
        _pause(riverside)
        client.force_login(riverside.admin.user)
        response = client.post(_crisis_url(riverside.org), {"reason": "Again"})
        # The page no longer offers the form; a second tab that still had it is told why.
        assert response.status_code == 400
        assert "Publishing is already paused." in response.content.decode()
        assert CrisisPause.objects.count() == 1

    def test_lifting_with_a_note_ends_the_pause_and_keeps_it_in_the_history(
        self, client, riverside
    ):
        _pause(riverside)
        client.force_login(riverside.admin.user)
        response = client.post(
            _crisis_url(riverside.org, "lift_pause"), {"note": "Police gave the all-clear"}
        )
        assert response.status_code == 302
        pause = CrisisPause.objects.get()
        assert pause.lifted_by == riverside.admin.user
        assert pause.lift_note == "Police gave the all-clear"
        body = client.get(_crisis_url(riverside.org)).content.decode()
        assert BANNER not in body.split('<main id="main"')[0]
        assert "Shooting near the Main Street clinic" in body  # the history
        assert "Police gave the all-clear" in body
        assert "Publishing is running" in body

    def test_lifting_when_nothing_is_paused_is_refused_with_a_message(self, client, riverside):
        client.force_login(riverside.reviewer.user)
        response = client.post(_crisis_url(riverside.org, "lift_pause"))
        assert response.status_code == 400
        assert "Publishing is not paused." in response.content.decode()


@pytest.fixture
def network(riverside):
    """Riverside and a second center under one network, with a network admin and reviewer."""
    network = make_org(name="River Valley Network", slug="river-valley")
    riverside.org.parent = network
    riverside.org.save(update_fields=["parent"])
    other = make_org(name="Valley Clinic", slug="valley", parent=network)
    return {
        "org": network,
        "admin": make_member(network, Role.ADMIN),
        "reviewer": make_member(network, Role.REVIEWER),
        "centers": [riverside.org, other],
    }


class TestNetworkPause:
    def test_a_network_admin_pauses_every_center(self, client, network, riverside):
        client.force_login(network["admin"].user)
        page = client.get(_crisis_url(network["org"])).content.decode()
        assert "Pause every center of the network" in page
        response = client.post(
            _crisis_url(network["org"]), {"reason": "Cyberattack", "whole_network": "on"}
        )
        assert response.status_code == 302
        network_pause = CrisisPause.objects.active().get(organization=network["org"])
        centers = CrisisPause.objects.active().filter(network_pause=network_pause)
        assert {p.organization for p in centers} == set(network["centers"])
        client.force_login(riverside.viewer.user)
        body = client.get(reverse("posts:calendar", args=["riverside"])).content.decode()
        assert BANNER in body and "for the network River Valley Network" in body

    def test_only_an_admin_of_a_network_is_offered_the_network_pause(
        self, client, network, riverside
    ):
        client.force_login(network["reviewer"].user)
        assert "Pause every center" not in client.get(_crisis_url(network["org"])).content.decode()
        # A reviewer's tick is not a field of their form: the network alone is paused.
        client.post(_crisis_url(network["org"]), {"reason": "Cyberattack", "whole_network": "on"})
        assert list(CrisisPause.objects.values_list("organization", flat=True)) == [
            network["org"].pk
        ]
        client.force_login(riverside.admin.user)
        assert "Pause every center" not in client.get(_crisis_url(riverside.org)).content.decode()

    def test_a_center_cannot_lift_a_pause_its_network_made(self, client, network, riverside):
        actions.pause_publishing(
            organization=network["org"], by=network["admin"].user, reason="Cyberattack",
            whole_network=True,
        )  # fmt: skip
        client.force_login(riverside.reviewer.user)
        page = client.get(_crisis_url(riverside.org)).content.decode()
        assert "Lift the pause" not in page
        assert "an admin of the network lifts it" in page
        response = client.post(_crisis_url(riverside.org, "lift_pause"), {"note": "We're fine"})
        assert response.status_code == 400
        assert "The network River Valley Network paused publishing: it lifts it." in (
            response.content.decode()
        )
        assert CrisisPause.objects.active().filter(organization=riverside.org).exists()

    def test_lifting_the_network_pause_lifts_the_centers(self, client, network):
        client.force_login(network["admin"].user)
        client.post(_crisis_url(network["org"]), {"reason": "Cyberattack", "whole_network": "on"})
        client.post(_crisis_url(network["org"], "lift_pause"), {"note": "Systems restored"})
        assert not CrisisPause.objects.active().exists()


class TestCrisisTemplates:
    def test_the_page_lists_crisis_templates_and_their_state(self, client, riverside):
        ready = _crisis_template(riverside)
        draft, _ = submitted_post(riverside.author, body="Clinic closures: what to know")
        Post.objects.filter(pk=draft.pk).update(crisis_template=True)
        client.force_login(riverside.viewer.user)
        body = client.get(_crisis_url(riverside.org)).content.decode()
        assert ready.title in body and "Approved by the full quorum" in body
        assert draft.title in body and "it needs the full quorum" in body
        assert FAST_TRACK_FORM not in body

    def test_a_reviewer_fast_tracks_an_approved_template_during_a_pause(self, client, riverside):
        template = _crisis_template(riverside)
        _pause(riverside)
        reviewer = second_reviewer(riverside.reviewer)
        client.force_login(reviewer.user)
        page = client.get(_crisis_url(riverside.org)).content.decode()
        assert f'aria-label="Fast-track {template.title}"' in page
        when = now() + dt.timedelta(minutes=30)
        url = _crisis_url(riverside.org, "fast_track", template.pk)
        response = client.post(url, _fast_track_data(template, when))
        assert response.status_code == 302
        submission = Submission.objects.get(fast_track_of=template)
        copy = submission.post
        assert copy.state == PostState.APPROVED and not copy.crisis_template
        assert copy.scheduled_at == when.replace(second=0, microsecond=0)
        assert [(s.signer, s.fast_track) for s in submission.sign_offs.all()] == [
            (reviewer.user, True)
        ]
        page = client.get(_crisis_url(riverside.org)).content.decode()
        assert "Fast track</span>" in page
        assert reverse("approvals:review", args=["riverside", copy.pk]) in page
        client.force_login(riverside.admin.user)
        page = client.get(_crisis_url(riverside.org)).content.decode()
        assert reverse("posts:edit", args=["riverside", copy.pk]) in page

    def test_the_fast_track_form_starts_five_minutes_from_now_on_the_org_clock(
        self, client, riverside
    ):
        template = _crisis_template(riverside)
        _pause(riverside)
        client.force_login(riverside.reviewer.user)
        page = client.get(_crisis_url(riverside.org)).content.decode()
        soon = (now() + dt.timedelta(minutes=5)).astimezone(NEW_YORK)
        assert f'name="template-{template.pk}-date" value="{soon.date().isoformat()}"' in page

    def test_a_fast_track_time_in_the_past_is_refused_next_to_the_time(self, client, riverside):
        template = _crisis_template(riverside)
        _pause(riverside)
        client.force_login(riverside.reviewer.user)
        url = _crisis_url(riverside.org, "fast_track", template.pk)
        response = client.post(url, _fast_track_data(template, now() - dt.timedelta(hours=1)))
        assert response.status_code == 400
        assert re.search(
            rf'id="id_template-{template.pk}-time_error">Pick a time in the future.',
            response.content.decode(),
        )
        assert not Submission.objects.filter(fast_track_of=template).exists()

    def test_fast_track_outside_a_pause_is_refused_with_a_message(self, client, riverside):
        template = _crisis_template(riverside)
        client.force_login(riverside.reviewer.user)
        url = _crisis_url(riverside.org, "fast_track", template.pk)
        response = client.post(url, _fast_track_data(template, now() + dt.timedelta(hours=1)))
        assert response.status_code == 400
        assert "publishing is not paused" in response.content.decode()

    def test_only_a_reviewer_fast_tracks(self, client, riverside):
        template = _crisis_template(riverside)
        _pause(riverside)
        client.force_login(riverside.admin.user)
        assert FAST_TRACK_FORM not in client.get(_crisis_url(riverside.org)).content.decode()
        url = _crisis_url(riverside.org, "fast_track", template.pk)
        data = _fast_track_data(template, now() + dt.timedelta(hours=1))
        assert client.post(url, data).status_code == 403
        client.force_login(riverside.viewer.user)
        assert client.post(url, data).status_code == 403

    def test_a_post_that_is_not_a_crisis_template_cannot_be_fast_tracked(self, client, riverside):
        post = _approved_post(riverside)
        _pause(riverside)
        client.force_login(riverside.reviewer.user)
        url = _crisis_url(riverside.org, "fast_track", post.pk)
        data = _fast_track_data(post, now() + dt.timedelta(hours=1))
        assert client.post(url, data).status_code == 404


class TestCalendar:
    def _calendar(self, client, post) -> str:
        local = post.scheduled_at.astimezone(NEW_YORK)
        url = reverse("posts:calendar", args=["riverside"])
        return client.get(url, {"view": "week", "date": local.date().isoformat()}).content.decode()

    def test_scheduled_posts_on_their_way_out_show_as_held_during_a_pause(self, client, riverside):
        approved = _approved_post(riverside)
        in_review, _ = submitted_post(riverside.author, body="Dental van on Tuesday")
        expired, _ = submitted_post(riverside.author, body="Old news")
        Post.objects.filter(pk=expired.pk).update(state=PostState.EXPIRED)
        client.force_login(riverside.viewer.user)
        assert "Held: crisis pause" not in self._calendar(client, approved)
        _pause(riverside)
        body = self._calendar(client, approved)
        assert "Held: crisis pause" in _card(body, approved)
        assert "Held: crisis pause" in _card(body, in_review)
        assert "Held: crisis pause" not in _card(body, expired)
        assert 'class="calendar-pause"' in body and "2 posts in this view are held" in body

    def test_a_fast_tracked_copy_is_not_held(self, client, riverside):
        template = _crisis_template(riverside)
        _pause(riverside)
        copy = actions.fast_track(
            template=template, by=riverside.reviewer.user, when=now() + dt.timedelta(hours=2)
        )
        client.force_login(riverside.viewer.user)
        body = self._calendar(client, copy)
        assert "Held: crisis pause" not in _card(body, copy)

    def test_the_calendar_takes_the_same_number_of_queries_during_a_pause(
        self, client, riverside, django_assert_max_num_queries
    ):
        _approved_post(riverside)
        _pause(riverside)
        client.force_login(riverside.viewer.user)
        url = reverse("posts:calendar", args=["riverside"])
        client.get(url)  # the session settles on the first visit
        with CaptureQueriesContext(connection) as few:
            client.get(url, {"view": "list"})
        for _ in range(10):
            submitted_post(riverside.author)
        with django_assert_max_num_queries(len(few.captured_queries)):
            body = client.get(url, {"view": "list"}).content.decode()
        assert body.count("Held: crisis pause") == 11

    def test_the_banner_takes_one_query_a_request(self, client, riverside):
        _pause(riverside)
        client.force_login(riverside.viewer.user)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("posts:calendar", args=["riverside"]))
        pause_queries = [q for q in queries if "approvals_crisispause" in q["sql"]]
        assert len(pause_queries) == 1
