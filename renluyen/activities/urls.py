from django.urls import path

from renluyen.activities import attendance_views, views

app_name = "activities"
urlpatterns = [
    # ?program= picks the year (default: the newest open program).
    path("", views.activity_list, name="list"),
    path("new/", views.activity_create, name="create"),
    path("<id:pk>/edit/", views.activity_edit, name="edit"),
    path("<id:pk>/delete/", views.activity_delete, name="delete"),
    # Taking part (IV.1 Step 2): sign up, check in, the organiser's attendance pages.
    path("<id:pk>/sign-up/", attendance_views.sign_up, name="sign_up"),
    path("check-in/", attendance_views.check_in, name="check_in"),
    path("<id:pk>/attendance/", attendance_views.roster, name="roster"),
    path("<id:pk>/check-in-code/", attendance_views.checkin_screen, name="checkin_screen"),
    path("<id:pk>/slips/", attendance_views.slips, name="slips"),
    path("<id:pk>/slips/enter/", attendance_views.slips_enter, name="slips_enter"),
]
