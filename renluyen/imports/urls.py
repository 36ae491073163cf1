from django.urls import path

from renluyen.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("template.<str:fmt>", views.template, name="template"),
    path("<int:pk>/", views.preview, name="preview"),
    path("<int:pk>/problems.csv", views.problems_csv, name="problems_csv"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/recheck/", views.recheck, name="recheck"),
    path("<int:pk>/discard/", views.discard, name="discard"),
]
