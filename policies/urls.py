from django.urls import path

from policies import views

app_name = "policies"
urlpatterns = [path("policies/", views.index, name="index")]
