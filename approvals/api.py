"""Review over the API under /api/v1/orgs/<org_slug>/: submit, sign off, request changes,
comment and withdraw on a post; its evidence; the review queue; the crisis pause. Every write
goes through approvals.actions, so the API refuses exactly what the pages refuse."""

from django.db.models import Prefetch
from django.utils.timezone import now
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from approvals import actions, evidence, queue
from approvals.models import CrisisPause, ReviewComment, SignOff, Submission
from approvals.quorum import Bar, shortfall
from platforms.models import SocialAccount
from policies.access import PolicyAcknowledged
from policies.rules import review_target_hours
from posts.models import Post, PostState
from socialops.access import ALL_ROLES
from socialops.actions import ActionError
from socialops.api.base import OrgPrimaryKeyField, OrgScopedViewSet, refuse
from socialops.models import Role

WRITER_ROLES = (Role.ADMIN, Role.AUTHOR, Role.REVIEWER)


# Serializers --------------------------------------------------------------------------------------


class SignOffSerializer(serializers.ModelSerializer):
    signer = serializers.EmailField(source="signer.email", read_only=True)
    signer_name = serializers.CharField(source="signer.get_full_name", read_only=True)

    class Meta:
        model = SignOff
        fields = ["signer", "signer_name", "role", "signed_at", "content_hash", "fast_track"]


class SubmissionSerializer(serializers.ModelSerializer):
    """One round of review and how far it has got."""

    submitted_by = serializers.EmailField(source="submitted_by.email", read_only=True)
    sign_offs = SignOffSerializer(many=True, read_only=True)
    still_needed = serializers.SerializerMethodField(
        help_text='Who still has to sign, e.g. "1 more sign-off, from a reviewer."'
    )

    class Meta:
        model = Submission
        fields = [
            "number", "submitted_by", "submitted_at", "content_hash", "required_count",
            "required_roles", "required_reviewers", "patient_story", "phi_override",
            "phi_justification", "crisis", "fast_track_of", "outcome", "closed_at",
            "closed_reason", "sign_offs", "still_needed",
        ]  # fmt: skip

    def get_still_needed(self, submission) -> str:
        if not submission.is_live:
            return ""
        signers = [(s.signer_id, s.role) for s in submission.sign_offs.all()]
        return shortfall(Bar.of(submission), signers).describe()


class PostReviewSerializer(serializers.Serializer):
    """A post's review state: its state and its latest round."""

    id = serializers.IntegerField()
    state = serializers.ChoiceField(choices=PostState.choices)
    round = SubmissionSerializer(allow_null=True)


class SubmitSerializer(serializers.Serializer):
    phi_justification = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Why a PHI finding may go out anyway (then one more reviewer has to sign off).",
    )


class SignOffRequestSerializer(serializers.Serializer):
    content_hash = serializers.CharField(
        max_length=64, help_text="The content hash of the round you reviewed."
    )


class RequestChangesSerializer(serializers.Serializer):
    comment = serializers.CharField(allow_blank=True, help_text="What should change.")
    variant_comments = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        default=dict,
        help_text="Comments on variants, keyed by social account id.",
    )

    def validate_variant_comments(self, value):
        if not all(str(key).isdigit() for key in value):
            raise ValidationError("Key each comment by the id of the social account.")
        return {int(key): text for key, text in value.items()}


class ReviewCommentSerializer(serializers.ModelSerializer):
    account = OrgPrimaryKeyField(
        queryset=SocialAccount.objects.all(),
        allow_null=True,
        required=False,
        help_text="The variant's account, for a comment on one variant.",
    )
    author = serializers.EmailField(source="author.email", read_only=True)
    round = serializers.IntegerField(source="submission.number", read_only=True, allow_null=True)

    class Meta:
        model = ReviewComment
        fields = ["id", "body", "account", "author", "kind", "round", "created_at"]
        read_only_fields = ["id", "kind", "created_at"]


class QueueRowSerializer(serializers.Serializer):
    """One row of the review queue (approvals.queue.Row), as the page shows it."""

    post = serializers.IntegerField(source="post.pk")
    title = serializers.CharField(source="post.title")
    scheduled_at = serializers.DateTimeField(source="post.scheduled_at")
    campaign = serializers.IntegerField(source="post.campaign_id", allow_null=True)
    accounts = serializers.SerializerMethodField()
    number = serializers.IntegerField(source="submission.number")
    submitted_by = serializers.EmailField(source="submission.submitted_by.email")
    submitted_at = serializers.DateTimeField(source="submission.submitted_at")
    waiting_hours = serializers.SerializerMethodField(help_text="Hours since it was submitted.")
    overdue = serializers.BooleanField(
        help_text="Waiting longer than the organization's review target."
    )
    badges = serializers.SerializerMethodField(
        help_text="What raised the bar: patient_story, phi_override, crisis, fast_track."
    )
    content_hash = serializers.CharField(source="submission.content_hash")
    required_count = serializers.IntegerField(source="submission.required_count")
    sign_offs = serializers.IntegerField()
    still_needed = serializers.CharField()
    signed = serializers.BooleanField(help_text="You have signed this version.")
    wrote = serializers.BooleanField(help_text="You wrote part of it, so you can't sign it.")

    def get_accounts(self, row) -> list[int]:
        return [account_id for account_id, *_ in row.accounts]

    def get_waiting_hours(self, row) -> float:
        return round(row.waited_for.total_seconds() / 3600, 1)

    def get_badges(self, row) -> list[str]:
        return [code for code, _ in row.risks]


class PauseSerializer(serializers.ModelSerializer):
    started_by = serializers.EmailField(source="started_by.email", read_only=True)
    paused_by_network = serializers.CharField(
        source="network_pause.organization.name",
        read_only=True,
        allow_null=True,
        help_text="The network whose pause this is, when a network admin paused every center.",
    )

    class Meta:
        model = CrisisPause
        fields = ["id", "reason", "started_by", "started_at", "paused_by_network"]


class PauseStateSerializer(serializers.Serializer):
    paused = serializers.BooleanField()
    pause = PauseSerializer(allow_null=True)


class PauseRequestSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, help_text="Why publishing stops.")
    whole_network = serializers.BooleanField(
        default=False, help_text="A network admin: pause every center of the network too."
    )


class ResumeRequestSerializer(serializers.Serializer):
    note = serializers.CharField(allow_blank=True, required=False, default="")


# Posts --------------------------------------------------------------------------------------------


class PostReviewViewSet(OrgScopedViewSet):
    """Review verbs on a post, under posts/<id>/. Authors submit, withdraw and answer; reviewers
    and admins sign off and request changes; whoever may read a post's evidence gets it."""

    queryset = Post.objects.all()
    serializer_class = PostReviewSerializer
    write_roles = WRITER_ROLES
    permission_classes = [IsAuthenticated, PolicyAcknowledged]
    # Verbs only signers may use: anyone else is refused before the post is looked up.
    signer_actions = ("sign_off", "request_changes")

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if getattr(self, "swagger_fake_view", False):
            return
        if self.action in self.signer_actions and self.membership.role not in actions.SIGNER_ROLES:
            raise exceptions.PermissionDenied("Only reviewers and admins sign off posts.")

    def narrow_queryset(self, queryset):
        return queryset.select_related("organization")

    def _input(self, serializer_class):
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _state(self, post: Post, code=status.HTTP_200_OK) -> Response:
        post.refresh_from_db(fields=["state"])
        latest = (
            Submission.objects.filter(post=post)
            .prefetch_related(Prefetch("sign_offs", SignOff.objects.select_related("signer")))
            .select_related("submitted_by")
            .order_by("-number")
            .first()
        )
        data = PostReviewSerializer({"id": post.pk, "state": post.state, "round": latest}).data
        return Response(data, status=code)

    @extend_schema(request=SubmitSerializer, responses=PostReviewSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, org_slug, pk):
        post = self.get_object()
        data = self._input(SubmitSerializer)
        try:
            actions.submit_post(
                post=post, by=request.user, phi_justification=data["phi_justification"]
            )
        except ActionError as error:
            raise refuse(error) from None
        return self._state(post)

    @extend_schema(request=SignOffRequestSerializer, responses=PostReviewSerializer)
    @action(detail=True, methods=["post"], url_path="sign-off")
    def sign_off(self, request, org_slug, pk):
        post = self.get_object()
        data = self._input(SignOffRequestSerializer)
        try:
            actions.sign_off(post=post, by=request.user, content_hash=data["content_hash"])
        except ActionError as error:
            raise refuse(error) from None
        return self._state(post)

    @extend_schema(request=RequestChangesSerializer, responses=PostReviewSerializer)
    @action(detail=True, methods=["post"], url_path="request-changes")
    def request_changes(self, request, org_slug, pk):
        post = self.get_object()
        data = self._input(RequestChangesSerializer)
        try:
            actions.request_changes(
                post=post,
                by=request.user,
                comment=data["comment"],
                variant_comments=data["variant_comments"],
            )
        except ActionError as error:
            raise refuse(error) from None
        return self._state(post)

    @extend_schema(request=ReviewCommentSerializer, responses={201: ReviewCommentSerializer})
    @action(detail=True, methods=["post"])
    def comments(self, request, org_slug, pk):
        post = self.get_object()
        data = self._input(ReviewCommentSerializer)
        try:
            comment = actions.add_comment(
                post=post, by=request.user, body=data["body"], account=data.get("account")
            )
        except ActionError as error:
            raise refuse(error) from None
        return Response(ReviewCommentSerializer(comment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=PostReviewSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, org_slug, pk):
        post = self.get_object()
        try:
            actions.withdraw(post=post, by=request.user)
        except ActionError as error:
            raise refuse(error) from None
        return self._state(post)

    @extend_schema(
        responses=OpenApiTypes.OBJECT,
        description="The post's evidence, as the evidence page's JSON download (admins, "
        "reviewers and the post's authors). Each export is recorded in the audit trail.",
    )
    @action(detail=True, methods=["get"])
    def evidence(self, request, org_slug, pk):
        post = self.get_object()
        if not evidence.can_read(self.membership, post):
            raise exceptions.PermissionDenied(
                "Only admins, reviewers and the post's authors see its evidence."
            )
        return Response(evidence.jsonable(evidence.export(post=post, by=request.user, fmt="api")))


# Review queue -------------------------------------------------------------------------------------


class ReviewQueueViewSet(mixins.ListModelMixin, OrgScopedViewSet):
    """Posts waiting for sign-offs, oldest first, with how long each has waited, whether that is
    past the organization's review target, what raised its bar and who still has to sign: the
    review queue page's rows (approvals.queue), with its filters."""

    queryset = Submission.objects.all()
    serializer_class = QueueRowSerializer
    read_roles = actions.SIGNER_ROLES
    write_roles = ()
    filter_backends: list = []

    def narrow_queryset(self, queryset):
        return queue.waiting(queryset)

    def filter_queryset(self, queryset):
        filters = queue.ReviewQueueFilter(
            self.request.query_params,
            queryset=queryset,
            organization=self.organization,
            user=self.request.user,
        )
        if not filters.is_valid():
            raise ValidationError(filters.errors)
        return filters.qs

    @extend_schema(
        parameters=[
            OpenApiParameter("account", int, description="Only posts to this social account."),
            OpenApiParameter("campaign", int, description="Only posts of this campaign."),
            OpenApiParameter("mine", bool, description="Only posts you may still sign."),
        ]
    )
    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        items = queue.rows(
            queryset if page is None else page,
            user=request.user,
            at=now(),
            target_hours=review_target_hours(self.organization),
        )
        data = self.get_serializer(items, many=True).data
        return Response(data) if page is None else self.get_paginated_response(data)


# Crisis pause -------------------------------------------------------------------------------------


class CrisisPauseViewSet(OrgScopedViewSet):
    """Whether publishing is paused. Reviewers and admins pause it with a reason (a network
    admin for every center with `whole_network`) and lift it with resume/."""

    queryset = CrisisPause.objects.all()
    serializer_class = PauseStateSerializer
    read_roles = ALL_ROLES
    write_roles = actions.SIGNER_ROLES
    permission_classes = [IsAuthenticated, PolicyAcknowledged]
    pagination_class = None

    def _state(self, code=status.HTTP_200_OK) -> Response:
        pause = (
            CrisisPause.objects.active()
            .filter(organization=self.organization)
            .select_related("started_by", "network_pause__organization")
            .first()
        )
        return Response(
            PauseStateSerializer({"paused": pause is not None, "pause": pause}).data, status=code
        )

    @extend_schema(responses=PauseStateSerializer)
    def list(self, request, *args, **kwargs):
        return self._state()

    @extend_schema(request=PauseRequestSerializer, responses={201: PauseStateSerializer})
    def create(self, request, *args, **kwargs):
        serializer = PauseRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            actions.pause_publishing(
                organization=self.organization, by=request.user, **serializer.validated_data
            )
        except ActionError as error:
            raise refuse(error) from None
        return self._state(status.HTTP_201_CREATED)

    @extend_schema(request=ResumeRequestSerializer, responses=PauseStateSerializer)
    @action(detail=False, methods=["post"])
    def resume(self, request, *args, **kwargs):
        serializer = ResumeRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            actions.resume_publishing(
                organization=self.organization, by=request.user, **serializer.validated_data
            )
        except ActionError as error:
            raise refuse(error) from None
        return self._state()


def register(router) -> None:
    # The review verbs live under posts/<id>/ beside posts.api's PostViewSet (same prefix, a
    # basename of their own).
    router.register("posts", PostReviewViewSet, basename="post-review")
    router.register("review-queue", ReviewQueueViewSet, basename="review-queue")
    router.register("crisis-pause", CrisisPauseViewSet, basename="crisis-pause")
