from django.urls import path

from approvals import views

app_name = "approvals"
urlpatterns = [
    path("review/", views.queue, name="queue"),
    path("review/<int:pk>/", views.review, name="review"),
    path("review/<int:pk>/sign-off/", views.sign_off, name="sign_off"),
    path("review/<int:pk>/request-changes/", views.request_changes, name="request_changes"),
    path("crisis/", views.queue, name="pause"),
]
