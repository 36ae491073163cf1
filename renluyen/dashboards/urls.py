from renluyen.dashboards.views import exports, units

app_name = "dashboards"
# Each page module lists its own routes.
urlpatterns = units.urlpatterns + exports.urlpatterns
