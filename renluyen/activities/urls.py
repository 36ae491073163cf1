from django.urls import path

from renluyen.activities import views

app_name = "activities"
urlpatterns = [
    # ?program= picks the year (default: the newest open program).
    path("", views.activity_list, name="list"),
    path("new/", views.activity_create, name="create"),
    path("<id:pk>/edit/", views.activity_edit, name="edit"),
    path("<id:pk>/delete/", views.activity_delete, name="delete"),
]
