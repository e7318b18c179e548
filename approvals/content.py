"""Exactly what a post sends out, as one canonical document and its SHA-256: what a sign-off is
bound to. Every variant's account and text, every media file by content hash with its alt text
and captions, the scheduled time, and the consent a patient story relies on. Labels (account
names, file names) are left out, so renaming an account never voids a sign-off."""

import datetime as dt
import hashlib
import json

from django.utils import timezone

from platforms.models import SocialAccount
from policies.rendering import DiffLine, diff_lines
from posts.models import Campaign, Post

# A sign-off covers the scheduled time and the minutes after it: a post that can't go out within
# this window (a crisis pause, an outage) is never sent late; it must be approved again.
TIME_WINDOW = dt.timedelta(minutes=15)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def content_of(post: Post) -> dict:
    variants = sorted(post.variants.all(), key=lambda v: v.account_id)
    media = sorted(post.media.all(), key=lambda m: (m.position, m.id))
    consent = None
    if post.patient_story:
        consent = {"record": post.consent_id, "kinds": sorted(post.consent_kinds)}
    return {
        "variants": [{"account": v.account_id, "text": v.text} for v in variants],
        "media": [
            {
                "sha256": m.sha256,
                "kind": m.kind,
                "alt_text": m.alt_text,
                "captions_sha256": _digest(m.captions_text) if m.captions_text else "",
            }
            for m in media
        ],
        "scheduled_at": post.scheduled_at.astimezone(dt.UTC).isoformat()
        if post.scheduled_at
        else None,
        "consent": consent,
        # The campaign sets rules of its own (a stricter bar, disclaimers).
        "campaign": post.campaign_id,
        # A holding statement is approved to go out during a crisis; a post is not.
        "crisis_template": post.crisis_template,
    }


def hash_of(content: dict) -> str:
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def current_hash(post: Post) -> str:
    return hash_of(content_of(post))


def readable(content: dict, *, tz) -> str:
    """The document as lines a reviewer reads, for the diff between two rounds."""
    names = {
        a.pk: str(a)
        for a in SocialAccount.objects.filter(pk__in=[v["account"] for v in content["variants"]])
    }
    lines = []
    when = content["scheduled_at"]
    if when:
        local = timezone.localtime(dt.datetime.fromisoformat(when), tz)
        lines.append(f"Goes out: {local:%a %d %b %Y %H:%M %Z}")
    else:
        lines.append("Goes out: no time set")
    for variant in content["variants"]:
        lines.append(f"— {names.get(variant['account'], 'Account ' + str(variant['account']))} —")
        lines += variant["text"].splitlines() or [""]
    for number, item in enumerate(content["media"], start=1):
        lines.append(f"{item['kind'].title()} {number}: file {item['sha256'][:12]}")
        lines.append(f"{item['kind'].title()} {number} alt text: {item['alt_text']}")
        if item["captions_sha256"]:
            lines.append(
                f"{item['kind'].title()} {number} captions: {item['captions_sha256'][:12]}"
            )
    if content.get("campaign"):
        name = Campaign.objects.filter(pk=content["campaign"]).values_list("name", flat=True)
        lines.append(f"Campaign: {name.first() or content['campaign']}")
    if content["consent"]:
        kinds = ", ".join(content["consent"]["kinds"]) or "story"
        lines.append(f"Consent record {content['consent']['record']} for: {kinds}")
    return "\n".join(lines)


def diff(old: dict, new: dict, *, tz) -> list[DiffLine]:
    return diff_lines(readable(old, tz=tz), readable(new, tz=tz))
