"""Social accounts over the API: list and read (every member), disconnect (admins)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from socialops.actions import ActionError
from socialops.api.base import OrgScopedViewSet

from . import actions
from .models import SocialAccount


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
