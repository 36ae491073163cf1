from renluyen.emulation.views import urlpatterns  # noqa: F401

app_name = "emulation"
