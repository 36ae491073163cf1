from django.urls import path

from renluyen.organizations import role_views, views

app_name = "organizations"
urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("<id:pk>/", views.unit_detail, name="unit_detail"),
    path("<id:pk>/history/", views.unit_history, name="unit_history"),
    path("<id:pk>/new/", views.unit_create, name="unit_create"),
    path("<id:pk>/close/", views.unit_close, name="unit_close"),
    path("<id:pk>/roles/people/", role_views.people, name="role_people"),
    path("<id:pk>/roles/grant/", role_views.grant, name="role_grant"),
    path("<id:pk>/roles/<id:term_pk>/end/", role_views.end, name="role_end"),
    path("<id:pk>/roles/<id:term_pk>/handover/", role_views.handover, name="role_handover"),
]
