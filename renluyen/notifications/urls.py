from django.urls import path

from renluyen.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<id:pk>/", views.open_notification, name="open"),
    path("read-all/", views.read_all, name="read_all"),
]
