"""Notifications in the app: the bell in the header with the unread count, the person's own
list in each organization, and marking them all read (htmx and a plain form post)."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.timezone import now

from socialops.models import Notification
from socialops.notify import notify


def _note(people, member, message, minutes_ago=0, url="/o/riverside/review/"):
    [note] = notify(
        organization=people.org, users=[member.user], message=message, url=url, email=False
    )
    Notification.objects.filter(pk=note.pk).update(
        created_at=now() - dt.timedelta(minutes=minutes_ago)
    )
    return note


def _page(client, org="riverside") -> str:
    return client.get(reverse("notifications", args=[org])).content.decode()


class TestBell:
    def test_the_bell_shows_how_many_are_unread(self, client, riverside):
        _note(riverside, riverside.viewer, "Publishing paused")
        _note(riverside, riverside.viewer, "Publishing resumed")
        client.force_login(riverside.viewer.user)
        body = client.get(reverse("posts:calendar", args=["riverside"])).content.decode()
        assert 'aria-label="Notifications: 2 unread"' in body
        assert '<span class="bell-count" aria-hidden="true">2</span>' in body

    def test_the_bell_counts_only_this_person_in_this_organization(self, client, riverside, harbor):
        _note(riverside, riverside.author, "Not for the viewer")
        _note(harbor, harbor.viewer, "Another organization")
        client.force_login(riverside.viewer.user)
        body = client.get(reverse("posts:calendar", args=["riverside"])).content.decode()
        assert 'aria-label="Notifications: none unread"' in body
        assert "bell-count" not in body

    def test_the_bell_takes_one_query(self, client, riverside):
        _note(riverside, riverside.viewer, "Publishing paused")
        client.force_login(riverside.viewer.user)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("posts:calendar", args=["riverside"]))
        assert len([q for q in queries if "socialops_notification" in q["sql"]]) == 1


class TestNotificationsPage:
    def test_it_lists_my_notifications_here_newest_first_with_their_links(
        self, client, riverside, harbor
    ):
        _note(riverside, riverside.reviewer, "Older: to review", minutes_ago=30)
        _note(riverside, riverside.reviewer, "Newer: approved", url="/o/riverside/posts/7/")
        _note(riverside, riverside.author, "Someone else's")
        _note(harbor, harbor.reviewer, "Another organization's")
        client.force_login(riverside.reviewer.user)
        body = _page(client)
        assert body.index("Newer: approved") < body.index("Older: to review")
        assert '<a href="/o/riverside/posts/7/">Newer: approved</a>' in body
        assert "Someone else's" not in body and "Another organization's" not in body

    def test_a_viewer_marks_all_read_with_a_plain_form_post(self, client, riverside):
        _note(riverside, riverside.viewer, "Publishing paused")
        _note(riverside, riverside.author, "The author's stays unread")
        client.force_login(riverside.viewer.user)
        assert "Mark all read" in _page(client)
        response = client.post(reverse("notifications_read", args=["riverside"]))
        assert response.status_code == 302
        assert not Notification.objects.unread().filter(user=riverside.viewer.user).exists()
        assert Notification.objects.unread().filter(user=riverside.author.user).count() == 1
        body = _page(client)
        assert "Mark all read" not in body and "All notifications marked read." in body
        assert "Publishing paused" in body  # kept, only no longer new

    def test_marking_read_from_htmx_returns_the_list_and_the_bell_at_zero(self, client, riverside):
        _note(riverside, riverside.reviewer, "To review")
        client.force_login(riverside.reviewer.user)
        response = client.post(
            reverse("notifications_read", args=["riverside"]), headers={"HX-Request": "true"}
        )
        body = response.content.decode()
        assert response.status_code == 200
        assert body.lstrip().startswith('<section id="notifications"')
        assert 'id="bell"' in body and 'hx-swap-oob="true"' in body
        assert 'aria-label="Notifications: none unread"' in body
        assert 'class="badge new"' not in body

    def test_an_outsider_gets_404(self, client, riverside, harbor):
        _note(riverside, riverside.viewer, "Publishing paused")
        client.force_login(harbor.admin.user)
        assert client.get(reverse("notifications", args=["riverside"])).status_code == 404
        assert client.post(reverse("notifications_read", args=["riverside"])).status_code == 404
        assert Notification.objects.unread().count() == 1

    def test_it_says_so_when_there_are_none(self, client, riverside):
        client.force_login(riverside.admin.user)
        assert "No notifications yet." in _page(client)
