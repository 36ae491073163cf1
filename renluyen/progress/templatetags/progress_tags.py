from django import template

register = template.Library()


@register.filter
def evidence_of(evidence: dict, item_id):
    """`{% include "progress/_evidence.html" with ev=evidence|evidence_of:item.pk %}`: the
    progress.evidence.Evidence of one criterion (None when there is none)."""
    return (evidence or {}).get(item_id)
