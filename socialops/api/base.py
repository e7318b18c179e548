"""The one guarded way into tenant data over the API.

Every viewset under /api/v1/orgs/<org_slug>/ subclasses OrgScopedViewSet. It resolves the
organization from the URL through the same membership check as the pages (404 for outsiders),
checks the role (403 for a member whose role may not do this), and owns get_queryset: subclasses
may only narrow the organization's rows through `narrow_queryset`, never widen them.
"""

from django.http import Http404
from rest_framework import exceptions, serializers, viewsets
from rest_framework.permissions import SAFE_METHODS

from socialops.access import ALL_ROLES, get_membership
from socialops.actions import ActionError
from socialops.models import Role


class OrgScopedMixin:
    read_roles: tuple[str, ...] = ALL_ROLES
    write_roles: tuple[str, ...] = (Role.ADMIN,)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if getattr(self, "swagger_fake_view", False):
            return
        # Http404 and not NotFound so the message is the same for missing and not-yours.
        try:
            self.membership = get_membership(request.user, kwargs["org_slug"])
        except Http404:
            raise exceptions.NotFound("No such organization.") from None
        self.organization = self.membership.organization
        allowed = self.read_roles if request.method in SAFE_METHODS else self.write_roles
        if self.membership.role not in allowed:
            raise exceptions.PermissionDenied("Your role in this organization does not allow this.")


class OrgScopedViewSet(OrgScopedMixin, viewsets.GenericViewSet):
    """Subclasses set `queryset` to the model's manager and may override `narrow_queryset`."""

    lookup_value_regex = r"[0-9]+"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "get_queryset" in cls.__dict__:
            raise TypeError(
                f"{cls.__name__} must not override get_queryset; narrow it in narrow_queryset."
            )

    def get_queryset(self):
        queryset = super().get_queryset()
        if getattr(self, "swagger_fake_view", False):
            return queryset.none()
        return self.narrow_queryset(queryset.filter(organization=self.organization))

    def narrow_queryset(self, queryset):
        return queryset


class OrgPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A reference to a row of the request's organization; another organization's id reads
    as 'does not exist', like a missing one."""

    def get_queryset(self):
        view = self.context.get("view")
        organization = getattr(view, "organization", None)
        return super().get_queryset().filter(organization=organization)


def refuse(error: ActionError) -> serializers.ValidationError:
    """An action's refusal as a 400, with the message at its field."""
    return serializers.ValidationError({error.field or "non_field_errors": [error.message]})


class CreateThroughAction:
    """For an OrgScopedViewSet whose rows are made by one action:
    `create_action(organization=, by=, **validated_data)`, refusals answered as 400s."""

    create_action = None

    def perform_create(self, serializer):
        try:
            serializer.instance = type(self).create_action(
                organization=self.organization, by=self.request.user, **serializer.validated_data
            )
        except ActionError as error:
            raise refuse(error) from None
