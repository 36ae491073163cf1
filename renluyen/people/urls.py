from django.urls import path

from renluyen.people import transfer_views, views

app_name = "people"
urlpatterns = [
    path("", views.member_list, name="member_list"),
    path("<id:pk>/", views.member_detail, name="member_detail"),
    path("<id:pk>/transfer/", transfer_views.transfer, name="member_transfer"),
]
