from django.urls import path

from renluyen.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("template.<str:fmt>", views.template, name="template"),
    path("<id:pk>/", views.preview, name="preview"),
    path("<id:pk>/problems.csv", views.problems_csv, name="problems_csv"),
    path("<id:pk>/confirm/", views.confirm, name="confirm"),
    path("<id:pk>/recheck/", views.recheck, name="recheck"),
    path("<id:pk>/discard/", views.discard, name="discard"),
]
