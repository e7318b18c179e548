"""The only ways views and the API get at posts: scoped to the member's organization, 404 for
anything else."""

from django.http import Http404
from guardian.shortcuts import get_objects_for_user

from platforms.actions import POST_PERMISSION
from platforms.models import SocialAccount
from posts.models import CalendarFeed, Media, Post, hash_token
from socialops.models import Membership, Organization, Role, User


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


def postable_account_ids(membership: Membership) -> set[int]:
    """The accounts this member may put on a post: all of them for an admin, the ones granted
    per account (django-guardian) for an author. Connected or not: a post can be planned for
    an account an admin has yet to connect."""
    accounts = SocialAccount.objects.for_org(membership.organization)
    if membership.role == Role.ADMIN:
        return set(accounts.values_list("pk", flat=True))
    if membership.role != Role.AUTHOR:
        return set()
    granted = get_objects_for_user(
        membership.user, POST_PERMISSION, klass=accounts, with_superuser=False,
        accept_global_perms=False,
    )  # fmt: skip
    return set(granted.values_list("pk", flat=True))


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
