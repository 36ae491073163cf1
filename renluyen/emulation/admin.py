from django.contrib import admin

from renluyen.emulation.models import EmulationWeights


@admin.register(EmulationWeights)
class EmulationWeightsAdmin(admin.ModelAdmin):
    list_display = ("program", "on_time", "good", "report", "updated_at")
    raw_id_fields = ("program",)
    list_select_related = ("program",)
