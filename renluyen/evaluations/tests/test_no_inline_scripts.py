"""No inline JavaScript in the evaluation and registration templates (issue 13, item 14):
a Content-Security-Policy without 'unsafe-inline' allows only scripts from static files,
so a <script> with code or an on…= attribute would silently stop working."""

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
FILES = sorted(
    path
    for folder in ("evaluations", "registrations")
    for path in (TEMPLATES / folder).glob("*.html")
)


@pytest.mark.parametrize("path", FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_the_template_has_no_inline_script(path):
    html = path.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(html), "a <script> without src"
    assert not HANDLER.search(html), "an on…= event handler attribute"


def test_every_folder_is_scanned():
    assert len(FILES) > 30
