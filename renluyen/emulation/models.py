"""The weights of the emulation indicator (thi đua, seed V.1: "đưa kết quả … vào tiêu chí
chấm thi đua"): a program setting, shown on the ranking page."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from renluyen.programs.models import Program

DEFAULT_WEIGHTS = {"on_time": 40, "good": 40, "report": 20}


class EmulationWeights(models.Model):
    program = models.OneToOneField(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="emulation"
    )
    on_time = models.PositiveSmallIntegerField(
        _("weight: members registered on time"),
        default=DEFAULT_WEIGHTS["on_time"],
        validators=[MaxValueValidator(100)],
    )
    good = models.PositiveSmallIntegerField(
        _("weight: members at Hoàn thành tốt or above"),
        default=DEFAULT_WEIGHTS["good"],
        validators=[MaxValueValidator(100)],
    )
    report = models.PositiveSmallIntegerField(
        _("weight: report sent on time"),
        default=DEFAULT_WEIGHTS["report"],
        validators=[MaxValueValidator(100)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("emulation weights")
        verbose_name_plural = _("emulation weights")

    def __str__(self) -> str:
        return str(self.program)
