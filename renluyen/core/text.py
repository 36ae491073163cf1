"""The one cleaner for free text: every form, service and the import pass text through it.

PostgreSQL refuses a NUL character in text (a 500 before this module existed), and other
control characters are invisible noise a person never means to type. Text is stored in
Unicode NFC so that "Nguyễn" typed on a phone (decomposed) equals "Nguyễn" from Excel.
"""

import re
import unicodedata

from django.utils.translation import gettext as _

# C0 controls except tab, newline and carriage return, then DEL and the C1 controls.
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# The most a free-text field takes (a solution, a comment, a description, a reason): a
# TextField's column has no limit, but the pages and the printed form do; more than a
# few paragraphs is a paste gone wrong.
MAX_TEXT = 4000


def strip_controls(value: str) -> str:
    """`value` without control characters (tab and line ends kept). The input middleware
    applies this to every request value; `clean` does the rest."""
    return CONTROLS.sub("", value) if value else value


def clean(value) -> str:
    """Text as it is stored: NFC, no control characters, no surrounding blanks.
    None becomes ""."""
    if value is None:
        return ""
    text = strip_controls(str(value)).replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text).strip()


def too_long(text: str, max_length: int) -> str | None:
    """The message for text longer than a field holds, or None when it fits."""
    if len(text) <= max_length:
        return None
    return _("At most %(max)s characters; this has %(count)s. Please shorten it.") % {
        "max": max_length,
        "count": len(text),
    }
