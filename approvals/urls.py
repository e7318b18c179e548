from django.urls import path

from approvals import views

app_name = "approvals"
urlpatterns = [
    path("review/", views.queue, name="queue"),
    # Wired to the queue until the review and crisis pages land (same commit series).
    path("review/<int:pk>/", views.queue, name="review"),
    path("crisis/", views.crisis, name="pause"),
    path("crisis/lift/", views.lift_pause, name="lift_pause"),
    path("crisis/templates/<int:template_id>/fast-track/", views.fast_track, name="fast_track"),
]
