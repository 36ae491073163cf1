from django.urls import path

from renluyen.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
]
