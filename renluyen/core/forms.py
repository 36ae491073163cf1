"""Form fields every form of the project uses for free text and for picking objects.

- `TextField`: text through `core.text.clean` (the one cleaner) and, when over-long,
  refused next to the field with `core.text.too_long`'s message.
- `IdChoiceField` / `IdMultipleChoiceField`: Django's model choice fields query the
  database with whatever was posted; a 25-digit value overflows SQLite's integers (an
  OverflowError, a 500) and "²" reaches int(). These refuse anything `core.ids` does not
  call an id with the usual "choose a valid option" message, before any query.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from renluyen.core.ids import parse_id
from renluyen.core.text import MAX_TEXT, clean, too_long


class TextField(forms.CharField):
    """Free text as it is stored. `max_length` defaults to `core.text.MAX_TEXT` (a
    TextField's column has no limit, the pages and the printed form do)."""

    def __init__(self, *, max_length=MAX_TEXT, **kwargs):
        super().__init__(max_length=max_length, **kwargs)
        # Django's own max-length validator is replaced by the project's message.
        self.validators = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]

    def to_python(self, value):
        return clean(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        message = too_long(value, self.max_length)
        if message:
            raise ValidationError(message, code="max_length")


def _is_id(value) -> bool:
    return parse_id(str(value)) is not None


class IdChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that never sends a non-id to the database."""

    def to_python(self, value):
        if value in self.empty_values or isinstance(value, self.queryset.model):
            return super().to_python(value)
        if not _is_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that never sends a non-id to the database."""

    def _check_values(self, value):
        for pk in value:
            if not isinstance(pk, self.queryset.model) and not _is_id(pk):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)
