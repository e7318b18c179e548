"""Social accounts and publishing over the API: accounts (every member reads, admins
disconnect), publish targets with their attempts (every member reads; reviewers and admins
retry, drop and take down through platforms.publishing), and publishing health (admins)."""

import django_filters
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from policies.access import PolicyAcknowledged
from posts.models import Post
from socialops.actions import ActionError
from socialops.api.base import OrgPrimaryKeyField, OrgScopedViewSet, refuse
from socialops.models import Role

from . import actions, publishing
from .health import publishing_health
from .models import Platform, PublishAttempt, PublishTarget, SocialAccount, TargetState


class SocialAccountSerializer(serializers.ModelSerializer):
    class Meta:
        model = SocialAccount
        fields = [
            "id",
            "platform",
            "external_id",
            "handle",
            "display_name",
            "state",
            "state_reason",
            "scopes",
            "token_expires_at",
            "created_at",
        ]
        read_only_fields = fields


class SocialAccountViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OrgScopedViewSet):
    """The organization's social accounts and their connection state. Tokens never leave the
    server."""

    queryset = SocialAccount.objects.order_by("platform", "handle")
    serializer_class = SocialAccountSerializer

    @extend_schema(request=None, responses=SocialAccountSerializer)
    @action(detail=True, methods=["post"])
    def disconnect(self, request, org_slug=None, pk=None):
        account = self.get_object()
        try:
            actions.disconnect_account(account=account, by=request.user)
        except ActionError as error:
            raise serializers.ValidationError({"non_field_errors": [error.message]}) from None
        return Response(self.get_serializer(account).data)


# Publishing ---------------------------------------------------------------------------------------


class AccountBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = SocialAccount
        fields = ["id", "platform", "handle"]
        read_only_fields = fields


class PublishAttemptSerializer(serializers.ModelSerializer):
    by = serializers.EmailField(
        source="by.email",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="The person who asked for it (a take-down); empty for the publisher's own.",
    )
    sent = serializers.DictField(
        read_only=True,
        help_text="A summary of what was sent (text length, hash and start, images, the "
        "idempotency key), never the media itself.",
    )

    class Meta:
        model = PublishAttempt
        fields = [
            "id", "kind", "started_at", "finished_at", "duration_ms", "worker", "outcome",
            "error_kind", "http_status", "message", "external_id", "url", "sent", "by",
        ]  # fmt: skip
        read_only_fields = fields


class PublishTargetSerializer(serializers.ModelSerializer):
    post_title = serializers.CharField(source="post.title", read_only=True)
    account = AccountBriefSerializer(read_only=True)
    retried_by = serializers.EmailField(
        source="retried_by.email", read_only=True, allow_null=True, default=None
    )
    attempts = PublishAttemptSerializer(many=True, read_only=True)

    class Meta:
        model = PublishTarget
        fields = [
            "id", "post", "post_title", "account", "state", "due_at", "published_at",
            "external_id", "url", "reason", "error_kind", "decision_needed", "retried_by",
            "retried_at", "dismissed_at", "taken_down_at", "attempts",
        ]  # fmt: skip
        read_only_fields = fields
        extra_kwargs = {
            "decision_needed": {
                "help_text": "Read back and not found: a person must retry or drop it."
            },
            "dismissed_at": {"help_text": "When a person dropped it."},
        }


class DropSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, help_text="Why it will not go out.")


class TakeDownSerializer(serializers.Serializer):
    reason = serializers.CharField(
        allow_blank=True, help_text="Why it comes down (recorded in the audit trail)."
    )
    accounts = OrgPrimaryKeyField(
        queryset=SocialAccount.objects.all(),
        many=True,
        required=False,
        help_text="Only from these social accounts (default: everywhere it is live).",
    )


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """An id: rows of another organization are never in the queryset, so no match, no leak."""


class PublishTargetFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=TargetState.choices)
    account = IdFilter(field_name="account_id", label="Only targets of this social account.")
    post = IdFilter(field_name="post_id", label="Only targets of this post.")
    needs_person = django_filters.BooleanFilter(
        method="filter_needs_person",
        label="Failed, missed, or unconfirmed and not found: waiting for a person to decide.",
    )

    class Meta:
        model = PublishTarget
        fields = ["state", "account", "post", "needs_person"]

    def filter_needs_person(self, queryset, name, value):
        needing = PublishTarget.objects.needing_a_person()
        return queryset.filter(pk__in=needing) if value else queryset.exclude(pk__in=needing)


def _targets_with_attempts(queryset):
    return queryset.select_related("post", "account", "retried_by").prefetch_related(
        Prefetch("attempts", PublishAttempt.objects.select_related("by"))
    )


class PublishTargetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OrgScopedViewSet):
    """Where each post goes: one target per (post, social account), with its state and every
    call made to the platform for it, newest due first. Reviewers and admins retry what surely
    did not go out (failed, missed, or unconfirmed and not found) and drop what will not."""

    queryset = PublishTarget.objects.all()
    serializer_class = PublishTargetSerializer
    filterset_class = PublishTargetFilter
    write_roles = publishing.PUBLISH_MANAGERS
    permission_classes = [IsAuthenticated, PolicyAcknowledged]

    def narrow_queryset(self, queryset):
        return _targets_with_attempts(queryset).order_by("-due_at", "-pk")

    def _answer(self, target: PublishTarget) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=target.pk)).data)

    @extend_schema(
        request=None,
        responses=PublishTargetSerializer,
        description="Send the target again now. Its approval is checked again at the call; "
        "the retry is audited. 400 for a target that is not failed, missed or unconfirmed and "
        "not found.",
    )
    @action(detail=True, methods=["post"])
    def retry(self, request, org_slug, pk):
        try:
            target = publishing.retry_target(target=self.get_object(), by=request.user)
        except ActionError as error:
            raise refuse(error) from None
        return self._answer(target)

    @extend_schema(
        request=DropSerializer,
        responses=PublishTargetSerializer,
        description="Let a failed, missed or unconfirmed-and-not-found target be: it leaves "
        "the queue of what needs a person, with the reason.",
    )
    @action(detail=True, methods=["post"])
    def drop(self, request, org_slug, pk):
        target = self.get_object()
        serializer = DropSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            target = publishing.drop_target(
                target=target, by=request.user, reason=serializer.validated_data["reason"]
            )
        except ActionError as error:
            raise refuse(error) from None
        return self._answer(target)


class PostPublishingViewSet(OrgScopedViewSet):
    """Publishing verbs on a post, under posts/<id>/: its targets (every member) and taking
    it down from the platforms (reviewers and admins)."""

    queryset = Post.objects.all()
    serializer_class = PublishTargetSerializer
    write_roles = publishing.PUBLISH_MANAGERS
    permission_classes = [IsAuthenticated, PolicyAcknowledged]
    pagination_class = None
    filter_backends: list = []

    def _targets(self, post: Post) -> Response:
        targets = _targets_with_attempts(PublishTarget.objects.filter(post=post))
        return Response(PublishTargetSerializer(targets.order_by("account_id"), many=True).data)

    @extend_schema(
        responses=PublishTargetSerializer(many=True),
        description="The post's publish targets, one per social account, with their attempts.",
    )
    @action(detail=True, methods=["get"])
    def targets(self, request, org_slug, pk):
        return self._targets(self.get_object())

    @extend_schema(
        request=TakeDownSerializer,
        responses=PublishTargetSerializer(many=True),
        description="Delete what went out from the platforms, with a reason. Every outcome is "
        "an attempt and an audit event; a platform that cannot delete says so in the attempt "
        "and its target stays published. Answers the post's targets afterwards; 400 when "
        "nothing of the post is live.",
    )
    @action(detail=True, methods=["post"], url_path="take-down")
    def take_down(self, request, org_slug, pk):
        post = self.get_object()
        serializer = TakeDownSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            publishing.take_down(
                post=post, by=request.user, reason=data["reason"], accounts=data.get("accounts")
            )
        except ActionError as error:
            raise refuse(error) from None
        return self._targets(post)


class AccountHealthSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    platform = serializers.ChoiceField(choices=Platform.choices)
    handle = serializers.CharField()
    label = serializers.CharField()


class ReconnectSerializer(AccountHealthSerializer):
    reason = serializers.CharField()


class RateLimitedSerializer(AccountHealthSerializer):
    until = serializers.DateTimeField(help_text="When its queue resumes.")


class PublishingHealthSerializer(serializers.Serializer):
    """platforms.health.publishing_health, whose docstring says what each figure means."""

    at = serializers.DateTimeField()
    queue_depth = serializers.IntegerField(help_text="Due and not gone out yet.")
    held = serializers.IntegerField(help_text="Of those, held (pause, reconnection, consent).")
    in_flight = serializers.IntegerField(help_text="Being published right now.")
    lag_seconds = serializers.IntegerField(help_text="How late the oldest due target is.")
    published_last_24h = serializers.IntegerField()
    failures_last_7d = serializers.DictField(
        child=serializers.IntegerField(), help_text="Failed publish attempts by error kind."
    )
    needing_a_person = serializers.IntegerField()
    unconfirmed_awaiting_person = serializers.IntegerField()
    accounts_needing_reconnection = ReconnectSerializer(many=True)
    rate_limited_accounts = RateLimitedSerializer(many=True)


class PublishingViewSet(OrgScopedViewSet):
    """Publishing as a whole, for admins: health/ has the figures of the publishing health
    page."""

    queryset = PublishTarget.objects.all()
    serializer_class = PublishingHealthSerializer
    read_roles = (Role.ADMIN,)
    write_roles = ()
    pagination_class = None
    filter_backends: list = []

    @extend_schema(
        responses=PublishingHealthSerializer,
        description="Queue depth, current lag, what went out in the last day, failures by kind "
        "over the last week, what waits for a person, accounts to reconnect and rate-limited "
        "accounts with when they resume.",
    )
    @action(detail=False, methods=["get"])
    def health(self, request, org_slug):
        return Response(PublishingHealthSerializer(publishing_health(self.organization)).data)


def register(router) -> None:
    router.register("publish-targets", PublishTargetViewSet, basename="publish-target")
    # Beside posts.api's PostViewSet and approvals' review verbs: same prefix, own basename.
    router.register("posts", PostPublishingViewSet, basename="post-publishing")
    router.register("publishing", PublishingViewSet, basename="publishing")
