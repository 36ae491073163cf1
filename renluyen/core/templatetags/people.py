from django import template

register = template.Library()


@register.filter
def person_name(user) -> str:
    """A user's name in Vietnamese order (family, middle, given), else their login.

    Django's get_full_name() puts the given name first ("Bình Nguyễn Thị").
    """
    if user is None:
        return ""
    name = f"{user.last_name} {user.first_name}".strip()
    return name or user.get_username()
