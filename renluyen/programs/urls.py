from django.urls import path

from renluyen.programs import views

app_name = "programs"
urlpatterns = [
    path("", views.program_list, name="program_list"),
    path("<int:pk>/", views.program_detail, name="program_detail"),
]
