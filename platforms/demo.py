"""Demo data for platforms: one connected account per platform for Riverside, authorized on the
platform simulator the demo command runs (settings.PLATFORM_SIMULATOR_URL)."""

import requests
from django.conf import settings

from socialops.models import Organization

from .models import SocialAccount
from .testing import connect_simulated

DEMO_ACCOUNTS = [
    ("x", "riversidehealth"),
    ("facebook", "riverside"),
    ("instagram", "riverside"),
    ("linkedin", "riverside"),
    ("mastodon", "riverside"),
    ("bluesky", "riverside"),
]


def seed(organization: Organization, people: dict | None = None) -> list[str]:
    """Connect the demo accounts that are not there yet; answer what it did, one line each.
    Without a running simulator nothing is connected (the accounts page can do it later)."""
    url = settings.PLATFORM_SIMULATOR_URL
    if organization.slug != "riverside" or not url:
        return []
    try:
        requests.get(url.rstrip("/") + "/_sim/health", timeout=2).raise_for_status()
    except requests.RequestException:
        return [f"Platform simulator not reachable at {url}: no demo accounts connected."]
    done = []
    for platform, handle in DEMO_ACCOUNTS:
        if SocialAccount.objects.filter(organization=organization, platform=platform).exists():
            continue
        account = connect_simulated(organization, platform, handle, simulator_url=url)
        done.append(f"Connected {account}")
    return done
