from django.urls import path

from renluyen.accounts import views

app_name = "accounts"
urlpatterns = [
    path("activate/", views.activate, name="activate"),
    path("invitation/<uidb64>/<token>/", views.InvitationView.as_view(), name="invitation"),
    path("units/<id:pk>/", views.unit_accounts, name="unit"),
    path("units/<id:pk>/sheet/", views.activation_sheet, name="sheet"),
    path("members/<id:pk>/code/", views.member_code, name="member_code"),
]
