from django.urls import path

from . import views

app_name = "platforms"

urlpatterns = [
    path("settings/accounts/", views.accounts, name="accounts"),
    path("settings/accounts/connect/", views.connect, name="connect"),
    path("settings/accounts/pick/", views.pick, name="pick"),
    path("settings/accounts/<int:account_id>/disconnect/", views.disconnect, name="disconnect"),
    path("settings/accounts/<int:account_id>/posters/", views.posters, name="posters"),
    # Publishing
    path("publishing/", views.publishing_health, name="health"),
    path("publishing/targets/<int:target_id>/retry/", views.retry_target, name="retry_target"),
    path("publishing/targets/<int:target_id>/drop/", views.drop_target, name="drop_target"),
    path("posts/<int:pk>/take-down/", views.take_down, name="take_down"),
]
