from django.urls import path

from posts import views

app_name = "posts"
urlpatterns = [
    path("drafts/", views.drafts, name="drafts"),
    path("posts/new/", views.new_post, name="new"),
    path("posts/<int:pk>/", views.edit_post, name="edit"),
    path("posts/<int:pk>/autosave/", views.autosave, name="autosave"),
    path("posts/<int:pk>/check/", views.check, name="check"),
    path("posts/<int:pk>/duplicate/", views.duplicate, name="duplicate"),
    path("posts/<int:pk>/translate/", views.translate, name="translate"),
    path("posts/<int:pk>/delete/", views.delete, name="delete"),
    path("posts/<int:pk>/reschedule/", views.reschedule, name="reschedule"),
    path("posts/<int:pk>/media/", views.upload_media, name="upload_media"),
    path("posts/<int:pk>/media/<int:media_id>/", views.describe_media, name="describe_media"),
    path("posts/<int:pk>/media/<int:media_id>/remove/", views.remove_media, name="remove_media"),
    path("posts/<int:pk>/media/<int:media_id>/file/", views.media_file, name="media_file"),
    path("campaigns/", views.campaigns, name="campaigns"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/observances/", views.add_observance, name="add_observance"),
    path("calendar/feed/", views.calendar_feed, name="calendar_feed"),
]
