"""The drafts list, the editor, media and the calendar through the pages, with the three
personas: an author who may act, a viewer who may only look, and an outsider who gets 404."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.timezone import now
from icalendar import Calendar

from posts.models import CalendarFeed, Media, Post, PostState
from posts.testing import AVI_HEAD, MP4_HEAD, editor_data, image_upload, make_account, make_post
from socialops.models import AuditEvent


@pytest.fixture
def accounts(riverside):
    return [make_account(riverside.org, "x"), make_account(riverside.org, "facebook")]


@pytest.fixture
def post(riverside, accounts):
    return make_post(riverside.author, accounts)


def _url(name, post, *extra):
    return reverse(f"posts:{name}", args=[post.organization.slug, post.pk, *extra])


class TestPersonas:
    def test_an_author_sees_the_drafts_and_the_editor(self, client, riverside, post):
        client.force_login(riverside.author.user)
        drafts = client.get(reverse("posts:drafts", args=["riverside"]))
        assert drafts.status_code == 200
        assert post.title in drafts.content.decode()
        assert client.get(_url("edit", post)).status_code == 200

    def test_a_viewer_may_read_the_calendar_but_not_open_the_editor(self, client, riverside, post):
        client.force_login(riverside.viewer.user)
        calendar = client.get(reverse("posts:calendar", args=["riverside"]))
        assert calendar.status_code == 200
        assert client.get(_url("edit", post)).status_code == 403
        assert client.post(_url("autosave", post), editor_data(post)).status_code == 403

    def test_an_outsider_gets_404_for_the_post(self, client, harbor, post):
        client.force_login(harbor.admin.user)
        assert client.get(_url("edit", post)).status_code == 404
        other = reverse("posts:edit", args=[harbor.org.slug, post.pk])
        assert client.get(other).status_code == 404


class TestEditing:
    def test_new_post_makes_a_draft_and_opens_the_editor(self, client, riverside):
        client.force_login(riverside.author.user)
        response = client.post(reverse("posts:new", args=["riverside"]))
        post = Post.objects.get()
        assert response["Location"] == _url("edit", post)
        assert post.state == PostState.DRAFT

    def test_saving_writes_the_variants_and_an_audit_event(self, client, riverside, post, accounts):
        client.force_login(riverside.author.user)
        x = accounts[0]
        data = editor_data(post, body="Free flu shots Saturday!", **{
            f"variant-{x.pk}": "Free flu shots Sat! #flu", f"tailored-{x.pk}": "1",
        })  # fmt: skip
        response = client.post(_url("autosave", post), data)
        assert response.status_code == 200
        assert "Saved at" in response.content.decode()
        texts = {v.account.platform: (v.text, v.tailored) for v in post.variants.all()}
        assert texts == {
            "x": ("Free flu shots Sat! #flu", True),
            "facebook": ("Free flu shots Saturday!", False),
        }
        post.refresh_from_db()
        assert post.version == 2
        assert AuditEvent.objects.filter(verb="post.edited").count() == 1

    def test_the_second_tab_is_told_instead_of_overwriting(self, client, riverside, post):
        client.force_login(riverside.author.user)
        first = client.post(_url("autosave", post), editor_data(post, body="Tab one's text"))
        assert "Saved at" in first.content.decode()
        stale = client.post(_url("autosave", post), editor_data(post, body="Tab two's text"))
        body = stale.content.decode()
        assert "Not saved" in body and "saved a newer version" in body
        post.refresh_from_db()
        assert post.body == "Tab one's text"

    def test_the_save_button_path_shows_the_conflict_on_the_page(self, client, riverside, post):
        client.force_login(riverside.author.user)
        client.post(_url("edit", post), editor_data(post, body="Newer"))
        response = client.post(_url("edit", post), editor_data(post, body="Older"))
        assert response.status_code == 409
        assert "saved a newer version" in response.content.decode()
        # What the author typed is still in the form.
        assert "Older" in response.content.decode()

    def test_a_time_in_the_past_is_refused_at_the_field_and_nothing_is_saved(
        self, client, riverside, post
    ):
        client.force_login(riverside.author.user)
        yesterday = (now() - dt.timedelta(days=1)).astimezone(ZoneInfo("America/New_York"))
        data = editor_data(post, body="Changed", scheduled_date=yesterday.date().isoformat())
        response = client.post(_url("edit", post), data)
        assert response.status_code == 400
        assert "Pick a time in the future." in response.content.decode()
        post.refresh_from_db()
        assert post.body != "Changed"
        assert post.version == 1

    def test_a_time_in_the_spring_forward_gap_is_refused(self, client, riverside, post):
        client.force_login(riverside.author.user)
        data = editor_data(post, scheduled_date="2027-03-14", scheduled_time="02:30")
        response = client.post(_url("autosave", post), data)
        body = response.content.decode()
        assert "02:30 does not exist on March 14 in America/New_York" in body
        assert 'id="schedule-errors"' in body
        post.refresh_from_db()
        assert post.version == 1

    def test_an_account_of_another_organization_is_refused(self, client, riverside, harbor, post):
        client.force_login(riverside.author.user)
        theirs = make_account(harbor.org, "x")
        response = client.post(_url("edit", post), editor_data(post, accounts=[theirs.pk]))
        assert response.status_code == 400
        assert "Select a valid choice" in response.content.decode()
        assert not post.variants.filter(account=theirs).exists()

    def test_the_live_check_counts_and_explains_without_saving(self, client, riverside, post):
        client.force_login(riverside.author.user)
        response = client.post(_url("check", post), editor_data(post, body="a" * 290))
        body = response.content.decode()
        assert "290</span> / 280" in body
        assert "10 over X&#x27;s limit" in body
        post.refresh_from_db()
        assert post.version == 1

    def test_duplicate_copies_text_variants_and_media_without_the_time(
        self, client, riverside, post
    ):
        client.force_login(riverside.author.user)
        client.post(_url("upload_media", post), {"file": image_upload(), "alt_text": "A clinic"})
        response = client.post(_url("duplicate", post))
        copy = Post.objects.exclude(pk=post.pk).get()
        assert response["Location"] == _url("edit", copy)
        assert copy.body == post.body and copy.scheduled_at is None
        assert copy.variants.count() == 2
        assert copy.media.get().sha256 == post.media.get().sha256

    def test_a_translation_travels_with_the_original(self, client, riverside, post):
        client.force_login(riverside.author.user)
        client.post(_url("translate", post))
        spanish = Post.objects.get(paired_with=post)
        assert spanish.language == "es" and spanish.scheduled_at == post.scheduled_at
        later = post.scheduled_at + dt.timedelta(days=2)
        local = later.astimezone(ZoneInfo("America/New_York"))
        client.post(_url("reschedule", post), {"date": local.date().isoformat()})
        spanish.refresh_from_db()
        assert spanish.scheduled_at == later

    def test_deleting_a_draft_asks_first_then_deletes(self, client, riverside, post):
        client.force_login(riverside.author.user)
        assert "Delete" in client.get(_url("delete", post)).content.decode()
        client.post(_url("delete", post))
        assert not Post.objects.exists()
        assert AuditEvent.objects.filter(verb="post.deleted").exists()

    def test_a_published_post_cannot_be_edited_or_deleted(self, client, riverside, post):
        Post.objects.filter(pk=post.pk).update(state=PostState.PUBLISHED)
        client.force_login(riverside.author.user)
        response = client.post(_url("edit", post), editor_data(post, body="Sneaky"))
        assert response.status_code == 400
        assert "it can no longer be changed" in response.content.decode()
        client.post(_url("delete", post))
        assert Post.objects.filter(pk=post.pk).exists()


class TestMedia:
    def test_an_image_is_read_by_its_content_and_needs_alt_text(self, client, riverside, post):
        client.force_login(riverside.author.user)
        client.post(_url("upload_media", post), {"file": image_upload("photo.png")})
        item = Media.objects.get()
        assert (item.mime, item.width, item.height) == ("image/jpeg", 1080, 1080)
        editor = client.get(_url("edit", post)).content.decode()
        assert "needs alt text before submitting" in editor
        client.post(_url("describe_media", post, item.pk), {"alt_text": "Two nurses smiling"})
        item.refresh_from_db()
        assert item.alt_text == "Two nurses smiling"
        served = client.get(_url("media_file", post, item.pk))
        assert served["Content-Type"] == "image/jpeg"

    def test_a_text_file_named_png_is_refused_at_the_field(self, client, riverside, post):
        client.force_login(riverside.author.user)
        fake = SimpleUploadedFile("photo.png", b"just some text, not a picture", "image/png")
        response = client.post(_url("upload_media", post), {"file": fake, "alt_text": "x"})
        assert response.status_code == 400
        assert "not an image or video we can read" in response.content.decode()
        assert not Media.objects.exists()

    def test_an_unsupported_video_type_is_refused(self, client, riverside, post):
        client.force_login(riverside.author.user)
        avi = SimpleUploadedFile("clip.mp4", AVI_HEAD, "video/mp4")
        response = client.post(_url("upload_media", post), {"file": avi})
        assert "AVI video is not taken by the platforms" in response.content.decode()
        assert not Media.objects.exists()

    def test_a_video_needs_captions_which_must_be_webvtt_or_srt(self, client, riverside, post):
        client.force_login(riverside.author.user)
        client.post(_url("upload_media", post), {"file": SimpleUploadedFile("tour.mp4", MP4_HEAD)})
        item = Media.objects.get()
        assert item.kind == "video"
        bad = SimpleUploadedFile("tour.vtt", b"hello")
        client.post(_url("describe_media", post, item.pk), {"captions": bad})
        item.refresh_from_db()
        assert not item.captions
        good = SimpleUploadedFile("tour.vtt", b"WEBVTT\n\n00:00.000 --> 00:02.000\nWelcome\n")
        client.post(_url("describe_media", post, item.pk), {"captions": good})
        item.refresh_from_db()
        assert item.captions

    def test_another_organizations_media_is_404(self, client, riverside, harbor, post):
        client.force_login(riverside.author.user)
        client.post(_url("upload_media", post), {"file": image_upload(), "alt_text": "x"})
        item = Media.objects.get()
        client.force_login(harbor.admin.user)
        assert client.get(_url("media_file", post, item.pk)).status_code == 404


class TestCalendar:
    @pytest.mark.parametrize("view", ["month", "week", "list"])
    def test_each_view_shows_the_post_on_its_day(self, client, riverside, post, view):
        client.force_login(riverside.viewer.user)
        local = post.scheduled_at.astimezone(ZoneInfo("America/New_York"))
        url = reverse("posts:calendar", args=["riverside"])
        response = client.get(url, {"view": view, "date": local.date().isoformat()})
        assert post.title in response.content.decode()

    def test_filters_narrow_by_account_and_state(self, client, riverside, accounts, post):
        other = make_post(riverside.author, [accounts[1]], body="Dental hours on Saturday")
        client.force_login(riverside.author.user)
        local = post.scheduled_at.astimezone(ZoneInfo("America/New_York"))
        params = {"view": "list", "date": local.date().isoformat(), "account": accounts[0].pk}
        body = client.get(reverse("posts:calendar", args=["riverside"]), params).content.decode()
        assert post.title in body and other.title not in body
        params = {"view": "list", "date": local.date().isoformat(), "state": "approved"}
        body = client.get(reverse("posts:calendar", args=["riverside"]), params).content.decode()
        assert post.title not in body

    def test_the_observance_overlay_shows_national_and_local_observances(self, client, riverside):
        client.force_login(riverside.admin.user)
        client.post(
            reverse("posts:add_observance", args=["riverside"]),
            {"name": "Riverside Health Fair", "starts_on": "2027-02-12", "ends_on": "2027-02-12"},
        )
        url = reverse("posts:calendar", args=["riverside"])
        body = client.get(url, {"view": "month", "date": "2027-02-01"}).content.decode()
        assert "American Heart Month" in body
        assert "Riverside Health Fair" in body

    def test_a_drop_reschedules_keeping_the_time_of_day(self, client, riverside, post):
        client.force_login(riverside.author.user)
        before = post.scheduled_at.astimezone(ZoneInfo("America/New_York"))
        target = before.date() + dt.timedelta(days=1)
        client.post(_url("reschedule", post), {"date": target.isoformat()})
        post.refresh_from_db()
        after = post.scheduled_at.astimezone(ZoneInfo("America/New_York"))
        assert (after.date(), after.time()) == (target, before.time())
        assert AuditEvent.objects.filter(verb="post.rescheduled").exists()

    def test_a_drop_into_the_past_is_refused_with_a_message(self, client, riverside, post):
        client.force_login(riverside.author.user)
        original = post.scheduled_at
        response = client.post(
            _url("reschedule", post), {"date": "2020-01-01"}, HTTP_HX_REQUEST="true"
        )
        assert "was not moved: Pick a time in the future." in response.content.decode()
        post.refresh_from_db()
        assert post.scheduled_at == original

    def test_the_calendar_takes_the_same_number_of_queries_for_more_posts(
        self, client, riverside, accounts, django_assert_max_num_queries
    ):
        client.force_login(riverside.author.user)
        url = reverse("posts:calendar", args=["riverside"])
        for _ in range(3):
            make_post(riverside.author, accounts)
        with django_assert_max_num_queries(20) as few:
            client.get(url, {"view": "month"})
        for _ in range(30):
            make_post(riverside.author, accounts)
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get(url, {"view": "month"})


class TestFeed:
    def test_the_feed_url_serves_valid_icalendar_until_revoked(self, client, riverside, post):
        client.force_login(riverside.viewer.user)
        client.post(reverse("posts:calendar_feed", args=["riverside"]), {"action": "issue"})
        page = client.get(reverse("posts:calendar", args=["riverside"])).content.decode()
        url = page.split('id="feed-url"')[0].rsplit('value="', 1)[1].split('"')[0]
        client.logout()
        response = client.get(url)
        assert response["Content-Type"].startswith("text/calendar")
        calendar = Calendar.from_ical(response.content)
        [event] = calendar.walk("VEVENT")
        assert str(event["summary"]) == f"[Draft] {post.title}"
        assert event.decoded("dtstart") == post.scheduled_at.replace(microsecond=0)
        client.force_login(riverside.viewer.user)
        client.post(reverse("posts:calendar_feed", args=["riverside"]), {"action": "revoke"})
        client.logout()
        assert client.get(url).status_code == 404
        assert CalendarFeed.objects.get().revoked_at is not None

    def test_a_removed_member_s_feed_stops_working(self, client, riverside, post):
        from posts.actions import issue_calendar_feed

        token = issue_calendar_feed(organization=riverside.org, user=riverside.viewer.user)
        riverside.viewer.delete()
        assert client.get(reverse("calendar_ics", args=[token])).status_code == 404


def test_an_author_may_only_add_accounts_an_admin_granted(client, riverside, post):
    ungranted = make_account(riverside.org, "linkedin", grant_authors=False)
    client.force_login(riverside.author.user)
    accounts = [v.account_id for v in post.variants.all()] + [ungranted.pk]
    response = client.post(_url("edit", post), editor_data(post, accounts=accounts))
    assert response.status_code == 400
    assert "You may not post to LinkedIn" in response.content.decode()
    assert not post.variants.filter(account=ungranted).exists()
    # An admin may, and the author's later saves keep it on the post.
    client.force_login(riverside.admin.user)
    client.post(_url("edit", post), editor_data(post, accounts=accounts))
    assert post.variants.filter(account=ungranted).exists()
    post.refresh_from_db()
    client.force_login(riverside.author.user)
    assert client.post(_url("edit", post), editor_data(post, accounts=accounts)).status_code == 302


def test_an_image_over_30_mb_is_refused_before_it_is_read(client, riverside, post):
    client.force_login(riverside.author.user)
    huge = SimpleUploadedFile("poster.jpg", b"\xff\xd8\xff" + b"\0" * (31 * 1024 * 1024))
    response = client.post(_url("upload_media", post), {"file": huge, "alt_text": "Poster"})
    assert response.status_code == 400
    assert "images can be at most 30 MB" in response.content.decode()
    assert not Media.objects.exists()


def test_only_drafts_are_dragged_on_the_calendar(client, riverside):
    from approvals.testing import sign, submitted_post

    draft = make_post(riverside.author, [make_account(riverside.org)])
    approved, _ = submitted_post(riverside.author)
    sign(approved, riverside.reviewer)
    sign(approved, riverside.admin)
    client.force_login(riverside.author.user)
    # The calendar's days are the organization's: between midnight UTC and midnight in New York
    # the UTC date is the day after the post's.
    day = draft.scheduled_at.astimezone(ZoneInfo(riverside.org.timezone)).date().isoformat()
    page = client.get(f"/o/{riverside.org.slug}/calendar/?view=list&date={day}").content.decode()
    assert f'draggable="true" data-reschedule-url="/o/riverside/posts/{draft.pk}/' in page
    assert f'data-reschedule-url="/o/riverside/posts/{approved.pk}/' not in page
