"""Test and demo helpers: a connected account whose tokens the simulator really issued."""

import requests

from socialops.models import Organization, User

from .actions import connect_account
from .models import SocialAccount
from .tokens import TokenSet, expires_from

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99"
    b"=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


def connect_simulated(
    organization: Organization,
    platform: str,
    handle: str,
    *,
    simulator_url: str,
    by: User | None = None,
) -> SocialAccount:
    """Ask the simulator for an authorized account (as after a consent screen) and store it
    through the same action a real connection uses."""
    answer = requests.post(
        simulator_url.rstrip("/") + "/_sim/grants",
        json={"platform": platform, "handle": handle},
        timeout=10,
    )
    answer.raise_for_status()
    data = answer.json()
    config = {}
    if platform == "bluesky":
        from .bluesky.oauth import session_tokens
        from .simulator.addresses import api_bases

        tokens = session_tokens(data, api_bases(simulator_url)["bluesky"])
    else:
        if platform == "mastodon":
            from .simulator.addresses import api_bases

            config["instance"] = api_bases(simulator_url)["mastodon"]
        if platform == "instagram":
            config["page_id"] = data["page_id"]
        tokens = TokenSet(
            access_token=data["access_token"],
            refresh_token=data.get("refresh_token") or "",
            expires_at=expires_from(data.get("expires_in")),
            config=config,
        )
    return connect_account(
        organization=organization,
        platform=platform,
        external_id=data["external_id"],
        handle=data["handle"],
        display_name=data["name"],
        tokens=tokens,
        by=by,
    )


def approved_post(
    people,
    accounts: list[SocialAccount],
    *,
    body: str = "Flu shots are free this Saturday at our Main Street clinic.",
    scheduled_at=None,
):
    """A post by `people.author` to `accounts`, submitted and signed off by the reviewer and the
    admin (the default rule): approved, with its publish targets scheduled."""
    import datetime as dt

    from django.utils.timezone import now
    from guardian.shortcuts import assign_perm

    from approvals.actions import submit_post
    from approvals.testing import sign
    from posts.testing import make_post

    from .actions import POST_PERMISSION

    for account in accounts:
        assign_perm(POST_PERMISSION, people.author.user, account)
    when = scheduled_at or now() + dt.timedelta(minutes=5)
    post = make_post(people.author, accounts, body=body, scheduled_at=when)
    submit_post(post=post, by=people.author.user)
    sign(post, people.reviewer)
    sign(post, people.admin)
    post.refresh_from_db()
    return post
