from django.urls import path

from policies import views

app_name = "policies"
urlpatterns = [
    path("policies/", views.index, name="index"),
    path("policies/acknowledge/", views.acknowledge, name="acknowledge"),
    path("policies/history/", views.history, name="history"),
    path("policies/versions/<int:version_id>/", views.version, name="version"),
    path("policies/diff/", views.diff, name="diff"),
    path("policies/publish/", views.publish, name="publish"),
    path("policies/training/", views.training, name="training"),
    path("policies/training/export.csv", views.training_export, name="training_export"),
    path("policies/rules/content/", views.content_rules, name="content_rules"),
    path("policies/rules/content/add/", views.content_rule_add, name="content_rule_add"),
    path(
        "policies/rules/content/<slug:kind>/<int:rule_id>/remove/",
        views.content_rule_remove,
        name="content_rule_remove",
    ),
    path("policies/rules/approval/", views.approval_rules, name="approval_rules"),
    path(
        "policies/rules/approval/account/",
        views.approval_rule_account,
        name="approval_rule_account",
    ),
    path(
        "policies/rules/approval/campaign/",
        views.approval_rule_campaign,
        name="approval_rule_campaign",
    ),
    path(
        "policies/rules/approval/<int:approval_rule_id>/remove/",
        views.approval_rule_remove,
        name="approval_rule_remove",
    ),
    path("policies/consents/", views.consents, name="consents"),
    path("policies/consents/expiring/", views.consents_expiring, name="consents_expiring"),
    path("policies/consents/new/", views.consent_new, name="consent_new"),
    path("policies/consents/<int:consent_id>/", views.consent, name="consent"),
    path("policies/consents/<int:consent_id>/revoke/", views.consent_revoke, name="consent_revoke"),
    path(
        "policies/consents/<int:consent_id>/document/",
        views.consent_document,
        name="consent_document",
    ),
]
