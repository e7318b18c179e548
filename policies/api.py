"""The policies API under /api/v1/orgs/<org_slug>/: policy versions (publish for admins),
acknowledgements, content rules, approval rules and consent records. Writes go through
policies.actions; writes that change governance data need the caller's acknowledgement of the
current policy (PolicyAcknowledged)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from platforms.models import Platform, SocialAccount
from policies import actions
from policies.access import PolicyAcknowledged, current_policy, pending_policy
from policies.models import (
    Acknowledgement,
    ApprovalRule,
    ConsentKind,
    ConsentRecord,
    ContactDetail,
    Disclaimer,
    LexiconEntry,
    LinkRule,
    PolicyVersion,
    Severity,
    StaffMember,
)
from policies.navigation import CONSENT_KEEPERS, EDITORS
from policies.rendering import render_markdown
from posts.models import Campaign
from socialops.access import ALL_ROLES
from socialops.actions import ActionError
from socialops.api.base import (
    CreateThroughAction,
    OrgPrimaryKeyField,
    OrgScopedViewSet,
    refuse,
)
from socialops.models import Role

# Policy versions and acknowledgements ------------------------------------------------------------


class PolicyVersionSerializer(serializers.ModelSerializer):
    published_by = serializers.EmailField(source="published_by.email", read_only=True, default=None)
    body_html = serializers.SerializerMethodField()

    class Meta:
        model = PolicyVersion
        fields = ["id", "number", "title", "body", "body_html", "effective_date",
                  "published_by", "published_at"]  # fmt: skip
        read_only_fields = ["id", "number", "body_html", "published_by", "published_at"]

    def get_body_html(self, version) -> str:
        return render_markdown(version.body)


class CurrentPolicySerializer(serializers.Serializer):
    network = PolicyVersionSerializer(allow_null=True)
    local = PolicyVersionSerializer(allow_null=True)
    pending = serializers.IntegerField(
        allow_null=True, help_text="The id of the version you still have to acknowledge."
    )


class PolicyVersionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, OrgScopedViewSet
):
    """The organization's own policy versions, newest first. Admins publish a new one (POST)."""

    queryset = PolicyVersion.objects.select_related("published_by").order_by("-number")
    serializer_class = PolicyVersionSerializer
    write_roles = EDITORS
    # As on the page: an admin acknowledges the version in force before replacing it.
    permission_classes = [IsAuthenticated, PolicyAcknowledged]

    def perform_create(self, serializer):
        data = serializer.validated_data
        try:
            serializer.instance = actions.publish_policy_version(
                organization=self.organization, by=self.request.user, title=data["title"],
                body=data["body"], effective_date=data["effective_date"],
            )  # fmt: skip
        except ActionError as error:
            raise refuse(error) from None

    @extend_schema(responses=CurrentPolicySerializer)
    @action(detail=False)
    def current(self, request, org_slug):
        """What members of this organization are shown (the network's version and the
        organization's own) and which version, if any, you still have to acknowledge."""
        policy = current_policy(self.organization)
        pending = pending_policy(self.membership)
        context = self.get_serializer_context()
        return Response(
            {
                "network": PolicyVersionSerializer(policy.network, context=context).data
                if policy.network
                else None,
                "local": PolicyVersionSerializer(policy.local, context=context).data
                if policy.local
                else None,
                "pending": pending.pk if pending else None,
            }
        )


class AcknowledgementSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(source="version.number", read_only=True, default=None)
    network_version = serializers.IntegerField(
        source="network_version.number", read_only=True, default=None
    )
    confirmed = serializers.BooleanField(write_only=True)

    class Meta:
        model = Acknowledgement
        fields = ["id", "user_email", "typed_name", "role", "version", "network_version",
                  "acknowledged_at", "confirmed"]  # fmt: skip
        read_only_fields = ["id", "user_email", "role", "version", "network_version",
                            "acknowledged_at"]  # fmt: skip


class AcknowledgementViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, OrgScopedViewSet):
    """Training records (admins and reviewers list them; ?user=<id> narrows to one person).
    Any member acknowledges the current policy with POST {typed_name, confirmed: true}."""

    queryset = Acknowledgement.objects.select_related("version", "network_version").order_by(
        "-acknowledged_at"
    )
    serializer_class = AcknowledgementSerializer
    read_roles = (Role.ADMIN, Role.REVIEWER)
    write_roles = ALL_ROLES
    filterset_fields = ["user", "version", "network_version"]

    def perform_create(self, serializer):
        try:
            serializer.instance = actions.acknowledge_policy(
                membership=self.membership,
                typed_name=serializer.validated_data["typed_name"],
                confirmed=serializer.validated_data["confirmed"],
            )
        except ActionError as error:
            raise refuse(error) from None


# Content rules ------------------------------------------------------------------------------------


class LexiconEntrySerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=LexiconEntry.Kind.choices)
    severity = serializers.ChoiceField(choices=Severity.choices)

    class Meta:
        model = LexiconEntry
        fields = ["id", "kind", "text", "severity", "reason", "created_at"]
        read_only_fields = ["id", "created_at"]


class DisclaimerSerializer(serializers.ModelSerializer):
    platforms = serializers.ListField(child=serializers.ChoiceField(choices=Platform.choices))
    campaign = OrgPrimaryKeyField(
        queryset=Campaign.objects.all(), allow_null=True, required=False,
        help_text="Only posts of this campaign need it; null: every post.",
    )  # fmt: skip

    class Meta:
        model = Disclaimer
        fields = ["id", "text", "platforms", "campaign", "created_at"]
        read_only_fields = ["id", "created_at"]


class LinkRuleSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=LinkRule.Kind.choices)

    class Meta:
        model = LinkRule
        fields = ["id", "kind", "value", "reason", "created_at"]
        read_only_fields = ["id", "created_at"]


class ContactDetailSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=ContactDetail.Kind.choices)

    class Meta:
        model = ContactDetail
        fields = ["id", "kind", "value", "label", "created_at"]
        read_only_fields = ["id", "created_at"]


class StaffMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = StaffMember
        fields = ["id", "name", "title", "created_at"]
        read_only_fields = ["id", "created_at"]


class _ContentRuleViewSet(
    CreateThroughAction,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    OrgScopedViewSet,
):
    read_roles = (Role.ADMIN, Role.REVIEWER, Role.AUTHOR)
    write_roles = EDITORS
    permission_classes = [IsAuthenticated, PolicyAcknowledged]

    def perform_destroy(self, instance):
        actions.remove_content_rule(rule=instance, by=self.request.user)


class LexiconEntryViewSet(_ContentRuleViewSet):
    """Words, phrases and patterns posts must avoid (block) or should avoid (warn)."""

    queryset = LexiconEntry.objects.all()
    serializer_class = LexiconEntrySerializer
    create_action = actions.add_lexicon_entry


class DisclaimerViewSet(_ContentRuleViewSet):
    """Text a post must carry on the given platforms."""

    queryset = Disclaimer.objects.all()
    serializer_class = DisclaimerSerializer
    create_action = actions.add_disclaimer


class LinkRuleViewSet(_ContentRuleViewSet):
    """Blocked domains (with their subdomains) and required tracking parameters."""

    queryset = LinkRule.objects.all()
    serializer_class = LinkRuleSerializer
    create_action = actions.add_link_rule


class ContactDetailViewSet(_ContentRuleViewSet):
    """The organization's own phones, emails, addresses and domains (never PHI)."""

    queryset = ContactDetail.objects.all()
    serializer_class = ContactDetailSerializer
    create_action = actions.add_contact_detail


class StaffMemberViewSet(_ContentRuleViewSet):
    """Staff who appear publicly in their professional role (their names are not PHI)."""

    queryset = StaffMember.objects.all()
    serializer_class = StaffMemberSerializer
    create_action = actions.add_staff_member


# Approval rules -----------------------------------------------------------------------------------


class ApprovalRuleSerializer(serializers.ModelSerializer):
    social_account = serializers.PrimaryKeyRelatedField(
        queryset=SocialAccount.objects.none(), allow_null=True, required=False
    )
    campaign = OrgPrimaryKeyField(
        queryset=Campaign.objects.all(),
        allow_null=True,
        required=False,
        help_text="For a campaign's stricter rule (a rule is for an account or a campaign).",
    )
    required_roles = serializers.ListField(
        child=serializers.ChoiceField(choices=[Role.ADMIN, Role.REVIEWER]), required=False
    )
    review_target_hours = serializers.IntegerField(
        required=False,
        help_text="The organization's rule only: hours a post may wait for its sign-offs "
        "before it is flagged and its reviewers reminded (1 to 168).",
    )

    class Meta:
        model = ApprovalRule
        fields = ["id", "social_account", "campaign", "sign_offs", "required_roles",
                  "patient_story_raises", "phi_override_raises", "crisis_raises",
                  "review_target_hours", "updated_at"]  # fmt: skip
        read_only_fields = ["id", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organization = self.context.get("organization")
        if organization is not None:
            self.fields["social_account"].queryset = SocialAccount.objects.for_org(organization)


class ApprovalRuleViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    OrgScopedViewSet,
):
    """The organization's rule (social_account and campaign null, with the review target) and
    stricter rules per account or per campaign. POST sets one (creating or replacing the rule
    for that account or campaign, or the organization's)."""

    queryset = ApprovalRule.objects.select_related("social_account", "campaign")
    serializer_class = ApprovalRuleSerializer
    read_roles = (Role.ADMIN, Role.REVIEWER)
    write_roles = EDITORS
    permission_classes = [IsAuthenticated, PolicyAcknowledged]

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "organization": getattr(self, "organization", None),
        }

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            rule = actions.save_approval_rule(
                organization=self.organization,
                by=request.user,
                social_account=data.get("social_account"),
                campaign=data.get("campaign"),
                review_target_hours=data.get("review_target_hours"),
                sign_offs=data["sign_offs"],
                required_roles=data.get("required_roles", []),
                patient_story_raises=data.get("patient_story_raises", True),
                phi_override_raises=data.get("phi_override_raises", True),
                crisis_raises=data.get("crisis_raises", True),
            )
        except ActionError as error:
            raise refuse(error) from None
        return Response(self.get_serializer(rule).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        actions.remove_approval_rule(rule=instance, by=self.request.user)


# Consent records -----------------------------------------------------------------------------


class ConsentRecordSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    status = serializers.SerializerMethodField()
    subject_name = serializers.CharField(
        write_only=True, help_text="Encrypted at rest; shown only to reviewers and admins."
    )
    subject_contact = serializers.CharField(write_only=True, required=False, allow_blank=True)
    subject = serializers.SerializerMethodField(
        help_text="The patient's name and contact, for reviewers and admins; null for others."
    )
    platforms = serializers.ListField(child=serializers.ChoiceField(choices=Platform.choices))
    kinds = serializers.ListField(child=serializers.ChoiceField(choices=ConsentKind.choices))
    document = serializers.FileField(write_only=True)

    class Meta:
        model = ConsentRecord
        fields = ["id", "reference", "title", "subject", "subject_name", "subject_contact",
                  "platforms", "kinds", "valid_from", "valid_until", "document", "document_type",
                  "status", "created_at", "revoked_at", "revoked_reason"]  # fmt: skip
        read_only_fields = ["id", "reference", "document_type", "status", "created_at",
                            "revoked_at", "revoked_reason"]  # fmt: skip

    def get_status(self, consent) -> str:
        return consent.status()

    def get_subject(self, consent) -> dict | None:
        if self.context.get("role") not in CONSENT_KEEPERS:
            return None
        return {"name": consent.subject_name, "contact": consent.subject_contact}


class RevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class ConsentRecordViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, OrgScopedViewSet
):
    """Patients' authorizations. Authors list them to link one; reviewers and admins keep them
    (POST multipart with the signed document) and revoke them."""

    queryset = ConsentRecord.objects.order_by("-created_at")
    serializer_class = ConsentRecordSerializer
    read_roles = (Role.ADMIN, Role.REVIEWER, Role.AUTHOR)
    write_roles = CONSENT_KEEPERS
    permission_classes = [IsAuthenticated, PolicyAcknowledged]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_serializer_context(self):
        membership = getattr(self, "membership", None)
        return {**super().get_serializer_context(), "role": membership.role if membership else None}

    def perform_create(self, serializer):
        try:
            serializer.instance = actions.create_consent(
                organization=self.organization, by=self.request.user, **serializer.validated_data
            )
        except ActionError as error:
            raise refuse(error) from None

    @extend_schema(request=RevokeSerializer, responses=ConsentRecordSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, org_slug, pk=None):
        consent = self.get_object()
        serializer = RevokeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            consent = actions.revoke_consent(
                consent=consent, by=request.user, reason=serializer.validated_data["reason"]
            )
        except ActionError as error:
            raise refuse(error) from None
        return Response(self.get_serializer(consent).data)


def register(router) -> None:
    """Called once from socialops/api/urls.py."""
    router.register("policy-versions", PolicyVersionViewSet, basename="policy-version")
    router.register("acknowledgements", AcknowledgementViewSet, basename="acknowledgement")
    router.register("lexicon", LexiconEntryViewSet, basename="lexicon-entry")
    router.register("disclaimers", DisclaimerViewSet, basename="disclaimer")
    router.register("link-rules", LinkRuleViewSet, basename="link-rule")
    router.register("contact-details", ContactDetailViewSet, basename="contact-detail")
    router.register("staff-roster", StaffMemberViewSet, basename="staff-member")
    router.register("approval-rules", ApprovalRuleViewSet, basename="approval-rule")
    router.register("consents", ConsentRecordViewSet, basename="consent")
