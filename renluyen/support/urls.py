from django.urls import path

from renluyen.support.views import checkins, commendation, meeting, mentors, people, units

app_name = "support"
urlpatterns = [
    # ?program= picks the year on the unit pages (default: the newest open program).
    path("mine/", people.mine, name="mine"),
    path("mentees/", people.mentees, name="mentees"),
    path("help/<id:pk>/", people.help_detail, name="help_detail"),
    path("units/<id:unit>/", units.unit, name="unit"),
    path("guidance/<id:pk>/acknowledge/", units.acknowledge, name="acknowledge"),
    path("branches/<id:unit>/meeting/", meeting.meeting, name="registration_meeting"),
    path("branches/<id:unit>/checkins/", checkins.checkins, name="checkins"),
    path(
        "branches/<id:unit>/checkins/<id:number>/",
        checkins.checkin_round,
        name="checkin_round",
    ),
    path("branches/<id:unit>/mentors/", mentors.mentors, name="mentors"),
    path(
        "branches/<id:unit>/commendation/",
        commendation.branch,
        name="commendation_branch",
    ),
    path("units/<id:unit>/commendation/", commendation.unit_list, name="commendation_unit"),
    path("programs/<id:program>/commendation/", commendation.titles, name="titles"),
    path(
        "programs/<id:program>/commendation/<id:pk>/",
        commendation.title_edit,
        name="title_edit",
    ),
]
