"""Posts, variants, media and the calendar over the API: the same actions, rules and tenancy as
the editor."""

import calendar
import datetime as dt
from zoneinfo import ZoneInfo

from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from platforms.models import SocialAccount
from policies.access import PolicyAcknowledged
from policies.models import ConsentKind, ConsentRecord
from posts import actions, observances
from posts.calendar import CalendarFilter, start_of_day
from posts.findings import check_variant, context_for
from posts.models import Campaign, ContentPillar, Media, Post, Variant
from posts.schedule import aware_or_local
from socialops.actions import ActionError
from socialops.api.base import (
    CreateThroughAction,
    OrgPrimaryKeyField,
    OrgScopedViewSet,
    refuse,
)
from socialops.models import Role

AUTHOR_ROLES = (Role.ADMIN, Role.AUTHOR)


class WallClockDateTimeField(serializers.DateTimeField):
    """Keeps a time without an offset as it was written, so the serializer can read it on the
    organization's clock and refuse one that falls in a daylight-saving gap (DRF would shift it
    silently)."""

    def enforce_timezone(self, value):
        return value


class VariantSerializer(serializers.Serializer):
    account = OrgPrimaryKeyField(queryset=SocialAccount.objects.all())
    platform = serializers.CharField(source="account.platform", read_only=True)
    text = serializers.CharField(allow_blank=True, required=False)
    tailored = serializers.BooleanField(read_only=True)
    count = serializers.IntegerField(read_only=True, help_text="As the platform counts it.")
    limit = serializers.IntegerField(read_only=True)
    findings = serializers.ListField(
        child=serializers.DictField(),
        read_only=True,
        help_text="Platform, content-rule, PHI and consent findings. Left out of list pages.",
    )

    def to_representation(self, variant):
        data = super().to_representation(variant)
        if not self.context.get("with_findings"):
            return data
        contexts = self.context.setdefault("findings_contexts", {})
        if variant.post_id not in contexts:
            contexts[variant.post_id] = context_for(variant.post)
        media = self.context.get("media", {}).get(variant.post_id, [])
        checked = check_variant(variant, media, contexts[variant.post_id])
        data["count"] = checked.count.used
        data["limit"] = checked.count.limit
        data["findings"] = [f.as_dict() for f in checked.findings]
        return data


class MediaSerializer(serializers.ModelSerializer):
    post = OrgPrimaryKeyField(queryset=Post.objects.all())
    file = serializers.FileField(write_only=True)

    class Meta:
        model = Media
        fields = [
            "id", "post", "file", "original_name", "kind", "mime", "size", "width", "height",
            "sha256", "alt_text", "uploaded_at",
        ]  # fmt: skip
        read_only_fields = [
            "original_name", "kind", "mime", "size", "width", "height", "sha256", "uploaded_at",
        ]  # fmt: skip


class PostSerializer(serializers.ModelSerializer):
    variants = VariantSerializer(many=True, required=False)
    campaign = OrgPrimaryKeyField(queryset=Campaign.objects.all(), allow_null=True, required=False)
    pillar = OrgPrimaryKeyField(
        queryset=ContentPillar.objects.all(), allow_null=True, required=False
    )
    scheduled_at = WallClockDateTimeField(
        allow_null=True,
        required=False,
        help_text="ISO 8601. Without an offset it is read on the organization's clock.",
    )
    version = serializers.IntegerField(
        required=False, help_text="Required when updating: the version you started from."
    )
    media = MediaSerializer(many=True, read_only=True)
    title = serializers.CharField(read_only=True)
    consent = OrgPrimaryKeyField(
        queryset=ConsentRecord.objects.all(),
        allow_null=True,
        required=False,
        help_text="The patient's consent record, for a patient story.",
    )
    consent_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=ConsentKind.choices), required=False,
        help_text="What of the patient the post uses: name, photo, video, quote.",
    )  # fmt: skip

    class Meta:
        model = Post
        fields = [
            "id", "title", "body", "variants", "campaign", "pillar", "observance", "language",
            "patient_story", "consent", "consent_kinds", "scheduled_at", "crisis_template",
            "state", "version",
            "held_reason", "paired_with", "media",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["state", "held_reason", "paired_with", "created_at", "updated_at"]

    def validate_scheduled_at(self, value):
        if value is None:
            return None
        try:
            return aware_or_local(value, self.context["view"].organization.timezone)
        except ActionError as exc:
            raise serializers.ValidationError(exc.message) from None

    def validate_variants(self, value):
        accounts = [v["account"].pk for v in value]
        if len(accounts) != len(set(accounts)):
            raise serializers.ValidationError("Each account can have only one variant.")
        return value

    def changes(self, instance: Post | None = None) -> actions.PostChanges:
        """What to save: the post as it stands (or a new one), with the fields sent."""
        data = self.validated_data
        changes = actions.PostChanges.of(instance) if instance else actions.PostChanges()
        for name in actions.POST_FIELDS:
            if name in data:
                setattr(changes, name, data[name])
        if "variants" in data:
            changes.accounts = [v["account"] for v in data["variants"]]
            changes.variant_texts = {
                v["account"].pk: v["text"] for v in data["variants"] if "text" in v
            }
        return changes


class RescheduleSerializer(serializers.Serializer):
    scheduled_at = WallClockDateTimeField()


class PostViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    OrgScopedViewSet,
):
    """Posts with their variants (one per social account), media and findings. Updates carry
    the `version` they started from; a stale one gets 409 instead of overwriting newer text."""

    queryset = Post.objects.all()
    serializer_class = PostSerializer
    write_roles = AUTHOR_ROLES
    permission_classes = [IsAuthenticated, PolicyAcknowledged]
    filterset_fields = ["state", "campaign", "pillar", "language"]

    def narrow_queryset(self, queryset):
        return queryset.select_related("campaign", "pillar").prefetch_related(
            Prefetch("variants", queryset=Variant.objects.select_related("account")), "media"
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        # Findings run the content rules and the PHI scanner per variant: one post at a time.
        context["with_findings"] = self.action != "list"
        if hasattr(self, "organization"):
            media = {}
            for item in Media.objects.filter(organization=self.organization).order_by("position"):
                media.setdefault(item.post_id, []).append(item)
            context["media"] = media
        return context

    def perform_create(self, serializer):
        try:
            post = actions.create_post(
                organization=self.organization, by=self.request.user, changes=serializer.changes()
            )
        except ActionError as exc:
            raise refuse(exc) from None
        serializer.instance = post

    def update(self, request, *args, **kwargs):
        post = self.get_object()
        serializer = self.get_serializer(post, data=request.data, partial=kwargs.get("partial"))
        serializer.is_valid(raise_exception=True)
        if "version" not in serializer.validated_data:
            raise ValidationError({"version": ["Send the version you started from."]})
        try:
            actions.save_post(
                post=post,
                by=request.user,
                expected_version=serializer.validated_data["version"],
                changes=serializer.changes(post),
            )
        except actions.EditConflict as exc:
            current = self.get_serializer(self.get_queryset().get(pk=post.pk)).data
            return Response(
                {"detail": exc.message, "current": current}, status=status.HTTP_409_CONFLICT
            )
        except ActionError as exc:
            raise refuse(exc) from None
        return Response(self.get_serializer(self.get_queryset().get(pk=post.pk)).data)

    def perform_destroy(self, instance):
        try:
            actions.delete_draft(post=instance, by=self.request.user)
        except ActionError as exc:
            raise refuse(exc) from None

    @extend_schema(request=None, responses=PostSerializer)
    @action(detail=True, methods=["post"])
    def duplicate(self, request, org_slug, pk):
        copy = actions.duplicate_post(post=self.get_object(), by=request.user)
        data = self.get_serializer(self.get_queryset().get(pk=copy.pk)).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RescheduleSerializer, responses=PostSerializer)
    @action(detail=True, methods=["post"])
    def reschedule(self, request, org_slug, pk):
        post = self.get_object()
        serializer = RescheduleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            when = aware_or_local(
                serializer.validated_data["scheduled_at"], self.organization.timezone
            )
            actions.reschedule_post(post=post, by=request.user, when=when)
        except ActionError as exc:
            raise refuse(exc) from None
        return Response(self.get_serializer(self.get_queryset().get(pk=post.pk)).data)


class MediaViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    OrgScopedViewSet,
):
    """Images and videos attached to posts, checked by their content. Upload as multipart with
    `post`, `file` and `alt_text`; PATCH `alt_text` to describe one."""

    queryset = Media.objects.all()
    serializer_class = MediaSerializer
    write_roles = AUTHOR_ROLES
    permission_classes = [IsAuthenticated, PolicyAcknowledged]
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    filterset_fields = ["post"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def narrow_queryset(self, queryset):
        return queryset.select_related("post")

    def perform_create(self, serializer):
        data = serializer.validated_data
        try:
            serializer.instance = actions.add_media(
                post=data["post"],
                by=self.request.user,
                upload=data["file"],
                alt_text=data.get("alt_text", ""),
            )
        except ActionError as exc:
            raise refuse(exc) from None

    def partial_update(self, request, *args, **kwargs):
        item = self.get_object()
        alt_text = request.data.get("alt_text")
        if alt_text is None:
            raise ValidationError({"alt_text": ["Send the alt text."]})
        try:
            actions.describe_media(item=item, by=request.user, alt_text=str(alt_text))
        except ActionError as exc:
            raise refuse(exc) from None
        return Response(self.get_serializer(item).data)

    def perform_destroy(self, instance):
        try:
            actions.remove_media(item=instance, by=self.request.user)
        except ActionError as exc:
            raise refuse(exc) from None


class CalendarPostSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    accounts = serializers.SerializerMethodField()

    class Meta:
        model = Post
        fields = ["id", "title", "state", "scheduled_at", "language", "campaign", "pillar",
                  "accounts"]  # fmt: skip

    def get_accounts(self, post) -> list[int]:
        return [v.account_id for v in post.variants.all()]


class CalendarViewSet(mixins.ListModelMixin, OrgScopedViewSet):
    """Scheduled posts between two dates (the organization's days), with the health
    observances of those days. Filters as on the calendar page."""

    queryset = Post.objects.all()
    serializer_class = CalendarPostSerializer
    pagination_class = None
    filter_backends: list = []
    max_days = 92

    @extend_schema(
        parameters=[
            OpenApiParameter("start", dt.date, description="default: first day of this month"),
            OpenApiParameter("end", dt.date, description="inclusive; default: end of this month"),
            OpenApiParameter("account", int),
            OpenApiParameter("campaign", int),
            OpenApiParameter("pillar", int),
            OpenApiParameter("state", str),
        ]
    )
    def list(self, request, *args, **kwargs):
        errors = {}
        today = timezone.localdate(timezone=ZoneInfo(self.organization.timezone))
        month_end = today.replace(day=calendar.monthrange(today.year, today.month)[1])
        dates = {"start": today.replace(day=1), "end": month_end}
        for name in ("start", "end"):
            if name not in request.query_params:
                continue
            try:
                dates[name] = dt.date.fromisoformat(request.query_params[name])
            except ValueError:
                errors[name] = ["A date as YYYY-MM-DD."]
        if not errors and dates["end"] < dates["start"]:
            errors["end"] = ["The end must be on or after the start."]
        if not errors and (dates["end"] - dates["start"]).days > self.max_days:
            errors["end"] = [f"At most {self.max_days} days at once."]
        filters = CalendarFilter(request.query_params, organization=self.organization)
        if not filters.is_valid():
            errors.update(filters.errors)
        if errors:
            raise ValidationError(errors)

        posts = (
            filters.qs.scheduled_between(
                start_of_day(dates["start"]), start_of_day(dates["end"] + dt.timedelta(days=1))
            )
            .with_card_data()
            .order_by("scheduled_at", "id")
        )
        return Response(
            {
                "posts": self.get_serializer(posts, many=True).data,
                "observances": [
                    {
                        "name": o.name,
                        "kind": o.kind,
                        "starts_on": o.starts_on,
                        "ends_on": o.ends_on,
                        "national": o.national,
                    }
                    for o in observances.between(self.organization, dates["start"], dates["end"])
                ],
            }
        )


class CampaignSerializer(serializers.ModelSerializer):
    class Meta:
        model = Campaign
        fields = ["id", "name", "starts_on", "ends_on"]


class PillarSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContentPillar
        fields = ["id", "name", "position"]
        read_only_fields = ["position"]


class LabelViewSet(
    CreateThroughAction, mixins.ListModelMixin, mixins.CreateModelMixin, OrgScopedViewSet
):
    """Campaigns and content pillars: everyone lists them, authors add them."""

    write_roles = AUTHOR_ROLES
    permission_classes = [IsAuthenticated, PolicyAcknowledged]


class CampaignViewSet(LabelViewSet):
    queryset = Campaign.objects.all()
    serializer_class = CampaignSerializer
    create_action = actions.create_campaign


class PillarViewSet(LabelViewSet):
    queryset = ContentPillar.objects.all()
    serializer_class = PillarSerializer
    create_action = actions.create_pillar
