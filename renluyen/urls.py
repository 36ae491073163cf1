from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from renluyen.accounts import views as account_views
from renluyen.core.health import healthz
from renluyen.core.ids import IdConverter

# Before the includes below: their patterns use <id:...>.
register_converter(IdConverter, "id")

urlpatterns = [
    path("", include("renluyen.core.urls")),
    path("healthz", healthz, name="healthz"),
    path("units/", include("renluyen.organizations.urls")),
    path("members/", include("renluyen.people.urls")),
    path("programs/", include("renluyen.programs.urls")),
    path("imports/", include("renluyen.imports.urls")),
    path("registrations/", include("renluyen.registrations.urls")),
    path("evaluations/", include("renluyen.evaluations.urls")),
    path("activities/", include("renluyen.activities.urls")),
    path("progress/", include("renluyen.progress.urls")),
    path("notifications/", include("renluyen.notifications.urls")),
    path("support/", include("renluyen.support.urls")),
    path("accounts/", include("renluyen.accounts.urls")),
    path("dashboards/", include("renluyen.dashboards.urls")),
    path("reports/", include("renluyen.reports.urls")),
    path("emulation/", include("renluyen.emulation.urls")),
    path("inspections/", include("renluyen.inspections.urls")),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(success_url="/password/done/"),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # Forgotten password: Django's views, the site's layout, the email through the outbox.
    path("password_reset/", account_views.ResetView.as_view(), name="password_reset"),
    path("password_reset/done/", account_views.ResetDoneView.as_view(), name="password_reset_done"),
    path(
        "reset/<uidb64>/<token>/",
        account_views.ResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("reset/done/", account_views.ResetCompleteView.as_view(), name="password_reset_complete"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
