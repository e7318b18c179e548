from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from platforms import views as platform_views
from posts import views as posts_views
from socialops import views
from socialops.forms import LoginForm

auth_patterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/changed/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password-reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

# Everything an organization owns lives under /o/<org_slug>/; each view resolves the slug
# through socialops.access.org_member_required.
org_patterns = [
    path("", views.org_home, name="org_home"),
    path("settings/members/", views.members, name="members"),
    path("settings/members/invite/", views.invite, name="invite"),
    path("settings/members/<int:member_id>/role/", views.change_role, name="change_role"),
    path("settings/members/<int:member_id>/remove/", views.remove_member, name="remove_member"),
    path(
        "settings/invitations/<int:invitation_id>/revoke/",
        views.revoke_invitation,
        name="revoke_invitation",
    ),
    path("settings/organization/", views.organization_settings, name="organization_settings"),
    path("audit/", views.audit, name="audit"),
    path("audit/export.csv", views.audit_export, name="audit_export"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("notifications/email/", views.email_preferences, name="email_preferences"),
    path("", include("posts.urls")),
    path("", include("approvals.urls")),
    path("", include("analytics.urls")),
    path("", include("policies.urls")),
    path("", include("platforms.urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include(auth_patterns)),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    # Calendar apps can't log in: the unguessable token in the URL is the credential.
    path("ical/<str:token>.ics", posts_views.calendar_ics, name="calendar_ics"),
    # Instagram fetches images by URL while publishing: a signed token that expires in a day.
    path("m/<str:token>/", posts_views.public_media, name="public_media"),
    # One redirect URI per platform, registered with the platform; the organization comes
    # from the state kept in the admin's own session.
    path("connect/callback/<str:platform>/", platform_views.callback, name="platform_callback"),
    path("o/<slug:org_slug>/", include(org_patterns)),
    path("api/v1/", include("socialops.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api_docs"),
    path("admin/", admin.site.urls),
]
