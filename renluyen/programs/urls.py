from django.urls import path

from renluyen.programs import views

app_name = "programs"
urlpatterns = [
    path("", views.program_list, name="program_list"),
    path("<int:pk>/", views.program_detail, name="program_detail"),
    path("<int:pk>/copy/", views.program_copy, name="program_copy"),
    path("<int:pk>/edit/", views.program_edit, name="program_edit"),
    path("<int:pk>/status/", views.program_status, name="program_status"),
    path("<int:pk>/areas/new/", views.area_edit, name="area_create"),
    path("<int:pk>/areas/<int:area_pk>/edit/", views.area_edit, name="area_edit"),
    path("<int:pk>/areas/<int:area_pk>/delete/", views.area_delete, name="area_delete"),
    path(
        "<int:pk>/areas/<int:area_pk>/criteria/new/",
        views.criterion_edit,
        name="criterion_create",
    ),
    path("<int:pk>/criteria/<int:criterion_pk>/edit/", views.criterion_edit, name="criterion_edit"),
    path(
        "<int:pk>/criteria/<int:criterion_pk>/delete/",
        views.criterion_delete,
        name="criterion_delete",
    ),
]
