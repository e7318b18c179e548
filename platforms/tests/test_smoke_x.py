from platforms.actions import connect_account
from platforms.adapters import ImageUpload, PublishRequest, adapter_for
from platforms.tokens import TokenSet, expires_from


def test_smoke(simulator, riverside):
    g = simulator.grant("x", "riverside")
    account = connect_account(organization=riverside.org, platform="x", external_id=g["external_id"], handle=g["handle"], display_name=g["name"], tokens=TokenSet(g["access_token"], g["refresh_token"], expires_from(g["expires_in"])), by=None)
    a = adapter_for(account)
    r = a.publish(PublishRequest(text="hello", images=[ImageUpload(b"\x89PNG....", "image/png", "alt")]))
    print(r, a.recent_posts(), a.post_metrics(r.external_id), a.account_metrics())
    a.delete(r.external_id)
