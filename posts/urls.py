from django.urls import path

from posts import views

app_name = "posts"
urlpatterns = [
    path("drafts/", views.drafts, name="drafts"),
    path("calendar/", views.calendar, name="calendar"),
]
