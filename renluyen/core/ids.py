"""The one parser for ids that come from a request (URL, query string or form).

An id is 1 to 18 ASCII digits: str.isdigit() also accepts "²" (which int() refuses), and
a 25-digit number overflows SQLite's 64-bit integers (a 500 before this module existed).
18 digits stay below 2**63 whatever they are. Anything else is no id: the caller answers
400 or 404, or ignores it in a list of ticked boxes.
"""

import re
from collections.abc import Callable

from django.http import Http404

ID_PATTERN = "[0-9]{1,18}"
_ID = re.compile(ID_PATTERN)


def parse_id(value) -> int | None:
    """The id in `value`, or None when it is not one (blank, a sign, a space, a non-ASCII
    digit, too long, zero)."""
    if not isinstance(value, str) or not _ID.fullmatch(value):
        return None
    number = int(value)
    return number or None


def parse_ids(values) -> list[int]:
    """The ids among `values` (e.g. request.POST.getlist("branch")), in order, each once;
    anything that is not an id is dropped."""
    seen = {}
    for value in values:
        number = parse_id(value)
        if number is not None:
            seen.setdefault(number, None)
    return list(seen)


def parse_version(value) -> int:
    """The version a page was rendered with. A missing or forged one is -1, which matches
    no stored version, so the write is refused as made on a stale page."""
    if not isinstance(value, str) or not _ID.fullmatch(value):
        return -1
    return int(value)


def id_or_404(value) -> int:
    number = parse_id(value)
    if number is None:
        raise Http404
    return number


class IdConverter:
    """`<id:pk>` in URL patterns: like `<id:pk>`, but never an id the database cannot hold."""

    regex = ID_PATTERN

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


# An id no database row has, as long as the id converter allows: where it stands in a
# reversed URL, the pk of each row goes.
_URL_MARKER = "9" * 18


def pk_url(name: str) -> Callable[[int], str]:
    """`reverse(name, args=[pk])` for the many rows of a list: the pattern is reversed
    once and each row's URL is built from its prefix and suffix (reverse costs tens of
    microseconds a call, a list page calls it for every row)."""
    from django.urls import reverse

    prefix, suffix = reverse(name, args=[_URL_MARKER]).split(_URL_MARKER)
    return lambda pk: f"{prefix}{pk}{suffix}"
