from django.db.models import F
from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, status
from rest_framework.response import Response

from socialops import actions
from socialops.api.base import OrgScopedMixin, OrgScopedViewSet, refuse
from socialops.api.serializers import (
    AuditEventSerializer,
    InvitationSerializer,
    MembershipSerializer,
    OrganizationSerializer,
)
from socialops.filters import AuditEventFilter
from socialops.models import AuditEvent, Invitation, Membership, Organization, Role


class OrganizationList(generics.ListAPIView):
    """The organizations you belong to, with your role in each."""

    serializer_class = OrganizationSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: nobody is logged in
            return Organization.objects.none()
        return Organization.objects.for_user(self.request.user).select_related("parent")

    def get_serializer_context(self):
        roles = dict(
            Membership.objects.filter(user=self.request.user).values_list("organization_id", "role")
        )
        return {**super().get_serializer_context(), "roles": roles}


class OrganizationDetail(OrgScopedMixin, generics.RetrieveUpdateAPIView):
    """One organization. Admins may change its name and time zone."""

    serializer_class = OrganizationSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        return self.organization

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if hasattr(self, "membership"):
            context["roles"] = {self.organization.pk: self.membership.role}
        return context

    def perform_update(self, serializer):
        data = serializer.validated_data
        actions.update_organization(
            organization=self.organization,
            by=self.request.user,
            name=data.get("name", self.organization.name),
            timezone_name=data.get("timezone", self.organization.timezone),
        )


class MembershipViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    OrgScopedViewSet,
):
    """Members and their roles. Admins change roles (PATCH) and remove members (DELETE); the
    last admin can be neither demoted nor removed."""

    queryset = Membership.objects.select_related("user").order_by("user__email")
    serializer_class = MembershipSerializer
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def perform_update(self, serializer):
        try:
            actions.change_role(
                membership=serializer.instance,
                role=serializer.validated_data.get("role", serializer.instance.role),
                by=self.request.user,
            )
        except actions.ActionError as error:
            raise refuse(error) from None
        serializer.instance.refresh_from_db()

    def perform_destroy(self, instance):
        try:
            actions.remove_member(membership=instance, by=self.request.user)
        except actions.ActionError as error:
            raise refuse(error) from None


class InvitationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    OrgScopedViewSet,
):
    """Pending invitations. POST invites someone by email (the link goes to them, never into the
    response); DELETE withdraws an invitation."""

    queryset = Invitation.objects.select_related("invited_by")
    serializer_class = InvitationSerializer
    read_roles = (Role.ADMIN,)

    def narrow_queryset(self, queryset):
        return queryset.pending()

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            invitation = actions.invite_member(
                organization=self.organization,
                email=serializer.validated_data["email"],
                role=serializer.validated_data["role"],
                by=request.user,
            )
        except actions.ActionError as error:
            raise refuse(error) from None
        return Response(self.get_serializer(invitation).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        try:
            actions.revoke_invitation(invitation=instance, by=self.request.user)
        except actions.ActionError as error:
            raise refuse(error) from None


@extend_schema(description="The organization's audit trail, newest first.")
class AuditEventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OrgScopedViewSet):
    queryset = AuditEvent.objects.order_by(F("seq").desc())
    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilter
    read_roles = (Role.ADMIN, Role.REVIEWER)
    write_roles = ()
