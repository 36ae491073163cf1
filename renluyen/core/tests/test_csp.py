"""Headers every response carries: a Content-Security-Policy without 'unsafe-inline', and
`Cache-Control: no-store` for a signed-in user; and no template carries inline code."""

import re
from pathlib import Path

import pytest

from renluyen import factories

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# A <script> element with something between its tags (code), as opposed to
# <script src="..."></script>.
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>\s*[^<\s]", re.IGNORECASE)
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
RULES = {
    "an inline <script> with code": INLINE_SCRIPT,
    "an on* event handler attribute": HANDLER,
    "a javascript: URL": JS_URL,
    "a style= attribute": STYLE_ATTRIBUTE,
    "a <style> element": STYLE_ELEMENT,
}


def template_files() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.html"))


def test_no_template_carries_inline_script_or_style():
    """The policy refuses them in the browser; this says where, before anyone clicks.
    Put code in renluyen/static/renluyen/*.js (data in data-* attributes or json_script)
    and styles in a .css file."""
    found = []
    for path in template_files():
        source = path.read_text()
        for what, pattern in RULES.items():
            for match in pattern.finditer(source):
                line = source.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(TEMPLATES)}:{line}: {what}")
    assert not found, "Inline code the Content-Security-Policy refuses:\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("source", "caught"),
    [
        ("<script>alert(1)</script>", True),
        ('<script type="module">\n  go();\n</script>', True),
        ('<script src="/static/x.js" defer></script>', False),
        ('<button onclick="go()">', True),
        ('<a href="javascript:go()">', True),
        ('<div style="color:red">', True),
        ("<style>p{}</style>", True),
        ('<p class="onclick-free" data-on="x">', False),
    ],
)
def test_the_check_catches_what_the_policy_refuses(source, caught):
    assert any(pattern.search(source) for pattern in RULES.values()) is caught


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: " ".join(part.split()[1:])
        for part in (p.strip() for p in header.split(";"))
        if part
    }


def test_the_policy_allows_scripts_and_styles_from_this_site_only(client, db):
    directives = policy(client.get("/login/"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in " ".join(directives.values())


@pytest.mark.parametrize(
    "url", ["/login/", "/static/renluyen/site.css", "/no-such-page/", "/healthz"]
)
def test_every_response_carries_the_policy(client, db, url):
    response = client.get(url)
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_pages_for_a_signed_in_user_are_not_stored(client, db):
    client.force_login(factories.user())
    for url in ["/", "/members/", "/no-such-page/"]:
        response = client.get(url)
        assert "no-store" in response["Cache-Control"], url
