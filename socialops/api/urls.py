from django.urls import include, path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import SimpleRouter

from approvals import api as approvals_api
from platforms import api as platforms_api
from policies import api as policies_api
from posts import api as posts_api
from socialops.api import views

# Tenant resources, each under /api/v1/orgs/<org_slug>/. Later apps register their viewsets
# (all OrgScopedViewSet subclasses) on this router too.
router = SimpleRouter()
router.register("members", views.MembershipViewSet, basename="member")
router.register("invitations", views.InvitationViewSet, basename="invitation")
router.register("audit-events", views.AuditEventViewSet, basename="audit-event")
router.register("posts", posts_api.PostViewSet, basename="post")
router.register("media", posts_api.MediaViewSet, basename="media")
router.register("calendar", posts_api.CalendarViewSet, basename="calendar")
router.register("campaigns", posts_api.CampaignViewSet, basename="campaign")
router.register("pillars", posts_api.PillarViewSet, basename="pillar")
router.register("social-accounts", platforms_api.SocialAccountViewSet, basename="social-account")
policies_api.register(router)
approvals_api.register(router)
platforms_api.register(router)

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="token"),
    path("orgs/", views.OrganizationList.as_view(), name="organization-list"),
    path("orgs/<slug:org_slug>/", views.OrganizationDetail.as_view(), name="organization-detail"),
    path("orgs/<slug:org_slug>/", include(router.urls)),
]
