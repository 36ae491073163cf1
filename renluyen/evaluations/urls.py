from renluyen.evaluations.views import branch, member, units

app_name = "evaluations"
# Each page module lists its own routes.
urlpatterns = member.urlpatterns + branch.urlpatterns + units.urlpatterns
