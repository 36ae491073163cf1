from django.urls import path

from renluyen.organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("<id:pk>/", views.unit_detail, name="unit_detail"),
]
