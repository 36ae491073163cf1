from renluyen.inspections.views import urlpatterns  # noqa: F401

app_name = "inspections"
