from django.urls import path

from approvals import views

app_name = "approvals"
urlpatterns = [
    # Reviewers
    path("review/", views.queue, name="queue"),
    path("review/<int:pk>/", views.review, name="review"),
    path("review/<int:pk>/sign-off/", views.sign_off, name="sign_off"),
    path("review/<int:pk>/request-changes/", views.request_changes, name="request_changes"),
    # Crisis pause
    path("crisis/", views.crisis, name="pause"),
    path("crisis/lift/", views.lift_pause, name="lift_pause"),
    path("crisis/templates/<int:template_id>/fast-track/", views.fast_track, name="fast_track"),
    # Authors
    path("posts/<int:pk>/submit/", views.submit, name="submit"),
    path("posts/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("posts/<int:pk>/comments/", views.comment, name="comment"),
    # Evidence
    path("posts/<int:pk>/evidence/", views.evidence_page, name="evidence"),
    path("posts/<int:pk>/evidence.json", views.evidence_json, name="evidence_json"),
]
