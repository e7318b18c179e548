from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from socialops import actions
from socialops.models import AuditEvent, Invitation, Membership, Organization, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name"]}),
        (
            "Access",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


class MembershipInline(admin.TabularInline):
    """Shown for reference only: members are invited and managed on the organization's own
    Settings page, where every change is an audit event."""

    model = Membership
    extra = 0
    fields = ["user", "role", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    """Staff create and rename organizations here; both go through the actions so the
    organization's audit trail records them."""

    list_display = ["name", "slug", "timezone", "parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]

    def get_readonly_fields(self, request, obj=None):
        return ["slug", "parent", "created_at"] if obj else ["created_at"]

    def save_model(self, request, obj, form, change):
        if change:
            actions.update_organization(
                organization=obj, by=request.user, name=obj.name, timezone_name=obj.timezone
            )
        else:
            created = actions.create_organization(
                name=obj.name, slug=obj.slug, timezone_name=obj.timezone, parent=obj.parent
            )
            obj.pk = created.pk

    def has_delete_permission(self, request, obj=None):
        # An organization's audit trail is kept for good, so the organization stays too.
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "organization",
        "role",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ]
    list_filter = ["organization", "role"]
    exclude = ["token_hash"]
    readonly_fields = ["accepted_at", "accepted_by", "revoked_at"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only, in the admin as in the database."""

    list_display = ["organization", "seq", "created_at", "actor_email", "verb", "target_label"]
    list_filter = ["organization", "verb"]
    search_fields = ["actor_email", "verb", "target_label"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
