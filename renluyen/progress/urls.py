from django.urls import path

from renluyen.progress import views

app_name = "progress"
urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("waiting/", views.waiting, name="waiting"),
    path("<id:pk>/", views.log, name="log"),
    path("<id:pk>/review/", views.review, name="review"),
    path("entry/<id:pk>/comment/", views.entry_comment, name="entry_comment"),
    path("entry/<id:pk>/seen/", views.entry_seen, name="entry_seen"),
    path("entry/<id:pk>/delete/", views.entry_delete, name="entry_delete"),
    path("entry/<id:pk>/file/", views.entry_file, name="entry_file"),
    # The branch's summary of the six-monthly self-review; ?program= picks the year.
    path("branch/<id:unit>/", views.branch, name="branch"),
    path("review/<id:pk>/reply/", views.reply, name="reply"),
]
