"""Contract tests: every adapter against the simulator over real sockets."""

import pytest

from platforms.adapters import ImageUpload, PublishRequest, adapter_for
from platforms.http import ErrorKind, PlatformError
from platforms.models import ConnectionState
from platforms.testing import PNG, connect_simulated

PLATFORMS = ["x", "facebook", "instagram", "linkedin", "mastodon", "bluesky"]


@pytest.fixture
def connect(simulator, riverside):
    def make(platform, handle="riverside"):
        return connect_simulated(riverside.org, platform, handle, simulator_url=simulator.url)

    return make


def image(alt="A nurse giving a flu shot"):
    return ImageUpload(PNG, "image/png", alt, public_url="https://cdn.example.org/flu.png")


def text_request(platform, text="Flu shots are free this Saturday at Riverside."):
    if platform == "instagram":
        return PublishRequest(text=text, images=[image()])
    return PublishRequest(text=text)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_it_publishes_and_reads_the_post_back(platform, connect, simulator):
    account = connect(platform)
    adapter = adapter_for(account)
    result = adapter.publish(text_request(platform))
    assert result.external_id and result.url.startswith("https://")
    stored = simulator.posts(platform)
    assert [p["id"] for p in stored] == [result.external_id]
    assert "Flu shots are free" in stored[0]["text"]
    recent = adapter.recent_posts(limit=5)
    assert result.external_id in [p.external_id for p in recent]


@pytest.mark.parametrize("platform", PLATFORMS)
def test_it_reads_back_the_text_as_written_so_reconciliation_can_match_it(
    platform, connect, simulator
):
    # LinkedIn stores its "little" format escaped: ( ) [ ] * _ ... come back with backslashes
    # unless the adapter undoes it, and an unconfirmed post would never be found.
    adapter = adapter_for(connect(platform))
    text = "Flu shots (free) at [Main St] clinic, 9-4 *today* #FluSeason"
    adapter.publish(text_request(platform, text))
    assert [p.text for p in adapter.recent_posts(limit=5)] == [text]


@pytest.mark.parametrize("platform", PLATFORMS)
def test_it_publishes_images_with_alt_text_where_the_platform_takes_it(
    platform, connect, simulator
):
    adapter = adapter_for(connect(platform))
    images = [image("First"), image("Second")]
    result = adapter.publish(PublishRequest(text="Two photos from the health fair", images=images))
    stored = next(p for p in simulator.posts(platform) if p["id"] == result.external_id)
    assert len(stored["media"]) == (2 if platform != "instagram" else 1)
    alts = str(stored["media"])
    assert "First" in alts or platform == "instagram"


@pytest.mark.parametrize("platform", PLATFORMS)
def test_metrics_use_the_platforms_own_names_and_grow_with_time(platform, connect, simulator):
    adapter = adapter_for(connect(platform))
    result = adapter.publish(text_request(platform))
    early = adapter.post_metrics(result.external_id)
    assert set(early) <= set(adapter.capabilities.post_metrics) and early
    simulator.advance(48 * 3600)
    later = adapter.post_metrics(result.external_id)
    assert sum(later.values()) > sum(early.values())
    followers = adapter.account_metrics()
    assert set(followers) <= set(adapter.capabilities.account_metrics)
    assert max(followers.values()) > 0
    assert adapter.capabilities.unavailable  # every platform lacks something; it says what


@pytest.mark.parametrize("platform", [p for p in PLATFORMS if p != "instagram"])
def test_it_deletes_a_post(platform, connect, simulator):
    adapter = adapter_for(connect(platform))
    result = adapter.publish(text_request(platform))
    adapter.delete(result.external_id)
    assert [p["deleted"] for p in simulator.posts(platform)] == [True]
    assert adapter.recent_posts() == []


def test_instagram_says_it_cannot_delete(connect):
    with pytest.raises(PlatformError) as caught:
        adapter_for(connect("instagram")).delete("123")
    assert caught.value.kind == ErrorKind.PERMANENT


def test_instagram_refuses_a_post_without_an_image_before_calling(connect, simulator):
    with pytest.raises(PlatformError) as caught:
        adapter_for(connect("instagram")).publish(PublishRequest(text="Only words"))
    assert caught.value.kind == ErrorKind.VALIDATION
    assert simulator.posts("instagram") == []


@pytest.mark.parametrize("platform", ["x", "facebook", "linkedin"])
def test_the_platforms_that_reject_duplicates_are_classified_duplicate(platform, connect):
    adapter = adapter_for(connect(platform))
    adapter.publish(PublishRequest(text="Same words twice"))
    with pytest.raises(PlatformError) as caught:
        adapter.publish(PublishRequest(text="Same words twice"))
    assert caught.value.kind == ErrorKind.DUPLICATE


@pytest.mark.parametrize("platform", ["mastodon", "bluesky"])
def test_an_idempotency_key_turns_a_repeat_into_the_same_post(platform, connect, simulator):
    adapter = adapter_for(connect(platform))
    first = adapter.publish(PublishRequest(text="Once only", idempotency_key="target-41-try"))
    again = adapter.publish(PublishRequest(text="Once only", idempotency_key="target-41-try"))
    assert first.external_id == again.external_id
    assert len(simulator.posts(platform)) == 1


@pytest.mark.parametrize("platform", ["x", "mastodon", "bluesky"])
def test_the_simulator_validates_requests_against_the_contract(platform, connect, simulator):
    adapter = adapter_for(connect(platform))
    with pytest.raises(PlatformError) as caught:
        adapter.publish(PublishRequest(text="x" * 600))
    assert caught.value.kind == ErrorKind.VALIDATION
    assert simulator.posts(platform) == []


# --- every fault the simulator can inject, classified --------------------------------------

RATE_SIGNAL_SECONDS = {  # how far ahead each platform's own signal puts the reset
    "x": (30, 90),
    "facebook": (400, 440),
    "instagram": (400, 440),
    "linkedin": (1, 86400),
    "mastodon": (250, 310),
    "bluesky": (250, 310),
}


@pytest.mark.parametrize("platform", PLATFORMS)
def test_a_rate_limit_becomes_rate_limited_with_retry_after_from_the_platforms_signal(
    platform, connect, simulator
):
    adapter = adapter_for(connect(platform))
    simulator.fault(platform, "rate_limited")
    with pytest.raises(PlatformError) as caught:
        adapter.publish(text_request(platform))
    assert caught.value.kind == ErrorKind.RATE_LIMITED
    low, high = RATE_SIGNAL_SECONDS[platform]
    assert low <= caught.value.retry_after <= high


@pytest.mark.parametrize("platform", PLATFORMS)
def test_a_server_error_is_transient_and_nothing_was_stored(platform, connect, simulator):
    adapter = adapter_for(connect(platform))
    simulator.fault(platform, "server_error")
    with pytest.raises(PlatformError) as caught:
        adapter.publish(text_request(platform))
    assert caught.value.kind == ErrorKind.TRANSIENT
    assert simulator.posts(platform) == []


@pytest.mark.parametrize("platform", PLATFORMS)
def test_a_refusal_is_a_validation_error_and_nothing_was_stored(platform, connect, simulator):
    adapter = adapter_for(connect(platform))
    simulator.fault(platform, "validation", message="The link in this post is blocked.")
    with pytest.raises(PlatformError) as caught:
        adapter.publish(text_request(platform))
    assert caught.value.kind == ErrorKind.VALIDATION
    if platform != "x":  # X puts its own generic detail first
        assert "The link in this post is blocked." in caught.value.message
    assert simulator.posts(platform) == []


@pytest.mark.parametrize("platform", PLATFORMS)
def test_a_timeout_after_the_post_was_stored_is_an_unknown_outcome(
    platform, connect, simulator, settings
):
    settings.PLATFORM_HTTP_TIMEOUT = (2.0, 0.5)
    adapter = adapter_for(connect(platform))
    path = {
        "x": "/2/tweets",
        "facebook": "/feed",
        "instagram": "media_publish",
        "linkedin": "/rest/posts",
        "mastodon": "/statuses",
        "bluesky": "createRecord",
    }[platform]
    simulator.fault(platform, "timeout_after_store", path=path, delay=1.0)
    with pytest.raises(PlatformError) as caught:
        adapter.publish(text_request(platform))
    assert caught.value.kind == ErrorKind.UNKNOWN_OUTCOME
    assert len(simulator.posts(platform)) == 1  # it was posted: reconcile, do not re-send


@pytest.mark.parametrize("platform", PLATFORMS)
def test_a_slow_answer_within_the_timeout_still_succeeds(platform, connect, simulator):
    adapter = adapter_for(connect(platform))
    simulator.fault(platform, "slow", delay=0.3)
    assert adapter.publish(text_request(platform)).external_id


@pytest.mark.parametrize("platform", ["x", "linkedin", "bluesky"])
def test_an_expired_token_is_refreshed_and_the_call_goes_through(platform, connect, simulator):
    account = connect(platform)
    simulator.fault(platform, "expired_token")
    result = adapter_for(account).publish(text_request(platform))
    assert result.external_id
    account.refresh_from_db()
    assert account.state == ConnectionState.CONNECTED
    assert account.credential.refreshed_at is not None


@pytest.mark.parametrize("platform", ["facebook", "instagram", "mastodon"])
def test_an_expired_token_without_refresh_marks_the_account_for_reconnection(
    platform, connect, simulator
):
    account = connect(platform)
    simulator.fault(platform, "expired_token")
    with pytest.raises(PlatformError) as caught:
        adapter_for(account).publish(text_request(platform))
    assert caught.value.kind == ErrorKind.AUTH_EXPIRED
    account.refresh_from_db()
    assert account.state == ConnectionState.NEEDS_REAUTH
    assert account.state_reason


@pytest.mark.parametrize("platform", PLATFORMS)
def test_revoked_access_is_auth_expired_and_blocks_the_account(platform, connect, simulator):
    account = connect(platform)
    simulator.fault(platform, "revoked")
    with pytest.raises(PlatformError) as caught:
        adapter_for(account).publish(text_request(platform))
    assert caught.value.kind == ErrorKind.AUTH_EXPIRED
    account.refresh_from_db()
    assert account.state == ConnectionState.NEEDS_REAUTH
    assert simulator.posts(platform) == []


def test_a_fault_for_one_account_leaves_the_others_alone(connect, simulator):
    first, second = connect("mastodon", "riverside"), connect("mastodon", "dental")
    simulator.fault("mastodon", "server_error", account="dental", count=0)
    assert adapter_for(first).publish(PublishRequest(text="fine")).external_id
    with pytest.raises(PlatformError):
        adapter_for(second).publish(PublishRequest(text="not fine"))
