"""Comments and answers on a post in review."""

from django.db import transaction

from approvals.actions.core import (
    _membership,
    author_ids,
    lock,
    post_url,
)
from approvals.models import (
    CommentKind,
    ReviewComment,
)
from platforms.models import SocialAccount
from posts.models import Post
from socialops import audit
from socialops.actions import ActionError
from socialops.models import Role, User
from socialops.notify import notify


@transaction.atomic
def add_comment(
    *, post: Post, by: User, body: str, account: SocialAccount | None = None
) -> ReviewComment:
    """A comment or an author's answer. Everyone in the conversation so far is told."""
    post = lock(post)
    membership = _membership(post.organization, by)
    if membership is None or membership.role == Role.VIEWER:
        raise ActionError("Viewers can't comment.")
    body = body.strip()
    if not body:
        raise ActionError("Write something first.", field="body")
    if account is not None and not post.variants.filter(account=account).exists():
        raise ActionError("Comment on an account this post goes to.", field="account")
    authors = author_ids(post)
    comment = ReviewComment.objects.create(
        post=post,
        submission=post.submissions.order_by("-number").first(),
        account=account,
        author=by,
        kind=CommentKind.REPLY if by.pk in authors else CommentKind.COMMENT,
        body=body,
    )
    audit.record(
        organization=post.organization, actor=by, verb="post.commented", target=post,
        after={"comment": body, "account": account.pk if account else None},
    )  # fmt: skip
    talking = set(post.review_comments.values_list("author_id", flat=True)) | authors
    notify(
        organization=post.organization,
        users=User.objects.filter(pk__in=talking - {by.pk}),
        message=f"{by.get_full_name()} commented on “{post.title}”",
        url=post_url(post),
        details=body,
    )
    return comment
