"""Where each platform lives on the simulator. Imported by settings, so no Django imports here.

The real URL paths sit under a prefix per host: /x is https://api.x.com, /x-web https://x.com,
/graph https://graph.facebook.com (Facebook and Instagram), /facebook-web https://www.facebook.com,
/linkedin https://api.linkedin.com, /linkedin-web https://www.linkedin.com, /mastodon one
Mastodon instance, /bluesky one Bluesky PDS.
"""

PREFIXES = {
    "x": "/x",
    "x_web": "/x-web",
    "graph": "/graph",
    "facebook_web": "/facebook-web",
    "linkedin": "/linkedin",
    "linkedin_web": "/linkedin-web",
    "mastodon": "/mastodon",
    "bluesky": "/bluesky",
}
GRAPH_VERSION = "v25.0"


def api_bases(root: str) -> dict[str, str]:
    """PLATFORM_API_BASES pointing every platform at a simulator listening at `root`."""
    root = root.rstrip("/")
    return {
        "x": root + PREFIXES["x"],
        "facebook": f"{root}{PREFIXES['graph']}/{GRAPH_VERSION}",
        "instagram": f"{root}{PREFIXES['graph']}/{GRAPH_VERSION}",
        "linkedin": root + PREFIXES["linkedin"],
        "mastodon": root + PREFIXES["mastodon"],
        "bluesky": root + PREFIXES["bluesky"],
    }


def web_bases(root: str) -> dict[str, str]:
    """PLATFORM_WEB_BASES (the consent pages people are sent to) on the simulator."""
    root = root.rstrip("/")
    return {
        "x": root + PREFIXES["x_web"],
        "facebook": f"{root}{PREFIXES['facebook_web']}/{GRAPH_VERSION}",
        "instagram": f"{root}{PREFIXES['facebook_web']}/{GRAPH_VERSION}",
        "linkedin": root + PREFIXES["linkedin_web"],
    }
