"""Small helpers shared by the view tests."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext


def text(response) -> str:
    """The page's HTML with every run of whitespace collapsed to one space."""
    return re.sub(r"\s+", " ", response.content.decode())


def count_queries(func) -> int:
    """How many SQL queries `func()` runs."""
    with CaptureQueriesContext(connection) as ctx:
        func()
    return len(ctx.captured_queries)
