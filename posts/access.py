"""The only ways views and the API get at posts: scoped to the member's organization, 404 for
anything else."""

from django.http import Http404

from platforms.models import SocialAccount
from posts.models import CalendarFeed, Media, Post, hash_token
from socialops.models import Membership, Organization, User


def get_post_for_member(membership: Membership, post_id: int, *, for_update=False) -> Post:
    found = Post.objects.for_org(membership.organization).select_related(
        "organization", "updated_by"
    )
    if for_update:
        found = found.select_for_update(of=("self",))
    try:
        return found.get(pk=post_id)
    except Post.DoesNotExist:
        raise Http404("No such post.") from None


def get_media_for_member(membership: Membership, post: Post, media_id: int) -> Media:
    try:
        return Media.objects.select_related("post__organization").get(
            organization=membership.organization, post=post, pk=media_id
        )
    except Media.DoesNotExist:
        raise Http404("No such file.") from None


def accounts_for_member(membership: Membership):
    """The social accounts a member may target."""
    return SocialAccount.objects.for_org(membership.organization)


def feed_owner(token: str) -> tuple[Organization, User] | None:
    """Who a calendar feed token belongs to, if it is live and its owner still a member."""
    feed = (
        CalendarFeed.objects.active()
        .select_related("organization", "user")
        .filter(token_hash=hash_token(token), user__is_active=True)
        .first()
    )
    if feed is None:
        return None
    if not Membership.objects.filter(organization=feed.organization, user=feed.user).exists():
        return None
    return feed.organization, feed.user
