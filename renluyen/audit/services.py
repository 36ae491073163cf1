from renluyen.audit.models import Event


def record(*, actor, verb: str, obj, unit=None, **data) -> Event:
    """Write one audit entry; called by every service that changes state."""
    return Event.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        unit=unit,
        data=data,
    )
