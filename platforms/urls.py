from django.urls import path

from . import views

app_name = "platforms"

urlpatterns = [
    path("settings/accounts/", views.accounts, name="accounts"),
    path("settings/accounts/connect/", views.connect, name="connect"),
    path("settings/accounts/pick/", views.pick, name="pick"),
    path("settings/accounts/<int:account_id>/disconnect/", views.disconnect, name="disconnect"),
    path("settings/accounts/<int:account_id>/posters/", views.posters, name="posters"),
]
