from django.urls import path

from approvals import views

app_name = "approvals"
urlpatterns = [
    path("review/", views.queue, name="queue"),
    # Wired to the queue until the review and crisis pages land (same commit series).
    path("review/<int:pk>/", views.queue, name="review"),
    path("crisis/", views.queue, name="pause"),
]
urlpatterns += [
    path("posts/<int:pk>/evidence/", views.evidence_page, name="evidence"),
    path("posts/<int:pk>/evidence.json", views.evidence_json, name="evidence_json"),
]
