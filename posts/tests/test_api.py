"""Posts, media and the calendar over the API: the same validation, rules and tenancy as the
pages."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.timezone import now
from rest_framework.test import APIClient

from posts.models import Media, Post
from posts.testing import image_upload, make_account, make_post


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def accounts(riverside):
    return [make_account(riverside.org, "x"), make_account(riverside.org, "instagram")]


def _later(days=3):
    return (now() + dt.timedelta(days=days)).isoformat()


BASE = "/api/v1/orgs/riverside"


def test_an_author_creates_a_post_with_variants_and_gets_findings(api, riverside, accounts):
    api.force_authenticate(riverside.author.user)
    response = api.post(
        f"{BASE}/posts/",
        {
            "body": "Free flu shots this Saturday!",
            "variants": [{"account": a.pk} for a in accounts],
            "scheduled_at": _later(),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    by_platform = {v["platform"]: v for v in data["variants"]}
    assert by_platform["x"]["count"] == 29 and by_platform["x"]["limit"] == 280
    assert [f["label"] for f in by_platform["instagram"]["findings"]] == ["media.required"]
    assert data["version"] == 1 and data["state"] == "draft"


def test_an_update_needs_the_version_and_a_stale_one_gets_409(api, riverside, accounts):
    post = make_post(riverside.author, accounts)
    api.force_authenticate(riverside.author.user)
    url = f"{BASE}/posts/{post.pk}/"
    assert api.patch(url, {"body": "x"}, format="json").status_code == 400
    assert api.patch(url, {"body": "First", "version": 1}, format="json").status_code == 200
    stale = api.patch(url, {"body": "Second", "version": 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["current"]["body"] == "First"
    assert Post.objects.get().body == "First"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2020-01-01T10:00:00Z", "Pick a time in the future."),
        ("2027-03-14T02:30:00", "02:30 does not exist on March 14 in America/New_York"),
        ("tomorrow", "Datetime has wrong format"),
    ],
)
def test_bad_times_get_a_field_error(api, riverside, value, message):
    api.force_authenticate(riverside.author.user)
    response = api.post(f"{BASE}/posts/", {"body": "Hi", "scheduled_at": value}, format="json")
    assert response.status_code == 400
    assert message in response.json()["scheduled_at"][0]
    assert not Post.objects.exists()


def test_a_time_without_offset_is_read_on_the_organization_s_clock(api, riverside):
    api.force_authenticate(riverside.author.user)
    response = api.post(
        f"{BASE}/posts/", {"body": "Hi", "scheduled_at": "2027-07-04T09:00:00"}, format="json"
    )
    assert response.json()["scheduled_at"] == "2027-07-04T09:00:00-04:00"


def test_an_account_of_another_organization_is_a_field_error(api, riverside, harbor):
    theirs = make_account(harbor.org, "x")
    api.force_authenticate(riverside.author.user)
    response = api.post(
        f"{BASE}/posts/", {"body": "Hi", "variants": [{"account": theirs.pk}]}, format="json"
    )
    assert response.status_code == 400
    assert "does not exist" in str(response.json()["variants"])
    assert not Post.objects.exists()


def test_a_viewer_reads_but_cannot_write_and_an_outsider_gets_404(api, riverside, harbor, accounts):
    post = make_post(riverside.author, accounts)
    api.force_authenticate(riverside.viewer.user)
    assert api.get(f"{BASE}/posts/{post.pk}/").status_code == 200
    assert api.post(f"{BASE}/posts/", {"body": "x"}, format="json").status_code == 403
    api.force_authenticate(harbor.admin.user)
    assert api.get(f"{BASE}/posts/{post.pk}/").status_code == 404
    assert api.get(f"/api/v1/orgs/harbor-point/posts/{post.pk}/").status_code == 404


def test_media_upload_checks_content_and_alt_text_is_patched(api, riverside, accounts):
    post = make_post(riverside.author, accounts)
    api.force_authenticate(riverside.author.user)
    fake = SimpleUploadedFile("x.png", b"not an image", "image/png")
    bad = api.post(f"{BASE}/media/", {"post": post.pk, "file": fake}, format="multipart")
    assert bad.status_code == 400 and "file" in bad.json()
    good = api.post(f"{BASE}/media/", {"post": post.pk, "file": image_upload()}, format="multipart")
    assert good.status_code == 201, good.json()
    assert good.json()["mime"] == "image/jpeg" and good.json()["width"] == 1080
    media_id = good.json()["id"]
    patched = api.patch(f"{BASE}/media/{media_id}/", {"alt_text": "Nurses"}, format="json")
    assert patched.json()["alt_text"] == "Nurses"
    findings = api.get(f"{BASE}/posts/{post.pk}/").json()["variants"]
    assert all(not v["findings"] for v in findings)
    assert Media.objects.count() == 1


def test_reschedule_and_duplicate(api, riverside, accounts):
    post = make_post(riverside.author, accounts)
    api.force_authenticate(riverside.author.user)
    when = (now() + dt.timedelta(days=9)).replace(microsecond=0)
    moved = api.post(
        f"{BASE}/posts/{post.pk}/reschedule/", {"scheduled_at": when.isoformat()}, format="json"
    )
    assert moved.status_code == 200
    post.refresh_from_db()
    assert post.scheduled_at == when
    past = api.post(
        f"{BASE}/posts/{post.pk}/reschedule/", {"scheduled_at": "2020-01-01T00:00Z"}, format="json"
    )
    assert past.status_code == 400
    copy = api.post(f"{BASE}/posts/{post.pk}/duplicate/")
    assert copy.status_code == 201 and copy.json()["scheduled_at"] is None


def test_the_calendar_endpoint_lists_posts_and_observances(api, riverside, accounts):
    post = make_post(riverside.author, accounts)
    api.force_authenticate(riverside.viewer.user)
    # The calendar's days are the organization's, not UTC's.
    day = post.scheduled_at.astimezone(ZoneInfo(riverside.org.timezone)).date()
    response = api.get(
        f"{BASE}/calendar/", {"start": str(day - dt.timedelta(days=1)), "end": str(day)}
    )
    assert [p["id"] for p in response.json()["posts"]] == [post.pk]
    bad = api.get(f"{BASE}/calendar/", {"start": "2027-01-10", "end": "2027-01-01"})
    assert bad.status_code == 400 and "end" in bad.json()
    february = api.get(f"{BASE}/calendar/", {"start": "2027-02-01", "end": "2027-02-28"})
    assert "American Heart Month" in [o["name"] for o in february.json()["observances"]]


def test_the_post_list_keeps_its_query_count(
    api, riverside, accounts, django_assert_max_num_queries
):
    api.force_authenticate(riverside.viewer.user)
    for _ in range(3):
        make_post(riverside.author, accounts)
    with django_assert_max_num_queries(10) as few:
        api.get(f"{BASE}/posts/")
    for _ in range(20):
        make_post(riverside.author, accounts)
    with django_assert_max_num_queries(len(few.captured_queries)):
        api.get(f"{BASE}/posts/")
