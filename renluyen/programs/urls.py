from django.urls import path

from renluyen.programs import enroll_views, views

app_name = "programs"
urlpatterns = [
    path("", views.program_list, name="program_list"),
    path("<id:pk>/", views.program_detail, name="program_detail"),
    path("<id:pk>/copy/", views.program_copy, name="program_copy"),
    path("<id:pk>/edit/", views.program_edit, name="program_edit"),
    path("<id:pk>/status/", views.program_status, name="program_status"),
    path("<id:pk>/enroll/", enroll_views.enroll, name="program_enroll"),
    path("<id:pk>/areas/new/", views.area_edit, name="area_create"),
    path("<id:pk>/areas/<id:area_pk>/edit/", views.area_edit, name="area_edit"),
    path("<id:pk>/areas/<id:area_pk>/delete/", views.area_delete, name="area_delete"),
    path(
        "<id:pk>/areas/<id:area_pk>/criteria/new/",
        views.criterion_edit,
        name="criterion_create",
    ),
    path("<id:pk>/criteria/<id:criterion_pk>/edit/", views.criterion_edit, name="criterion_edit"),
    path(
        "<id:pk>/criteria/<id:criterion_pk>/delete/",
        views.criterion_delete,
        name="criterion_delete",
    ),
]
