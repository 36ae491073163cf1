from django import template

register = template.Library()


@register.filter
def share(figures, name: str) -> float:
    """{{ row|share:"registered" }}: the count as a percentage of the members."""
    return figures.share(name)


@register.filter
def get(mapping, key):
    """{{ values|get:name }}: a dict's value by a key held in a variable."""
    return mapping.get(key, "") if mapping else ""
