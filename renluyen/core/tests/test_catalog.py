"""The committed Vietnamese catalog: the compiled .mo says what the .po says.

Servers and CI never run GNU gettext; they read the committed django.mo. A .po edited
(or rebuilt by scripts/messages.sh) without compiling would ship stale or English text.
"""

import ast
import gettext
from pathlib import Path

LC = Path(__file__).resolve().parents[2] / "locale" / "vi" / "LC_MESSAGES"


def po_entries(path: Path) -> list[dict]:
    """Entries of a .po file as {"msgid": ..., "msgid_plural": ..., "msgstr[0]": ...}."""
    entries, entry, key = [], {}, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = line.strip()
        if not line:
            if entry:
                entries.append(entry)
            entry, key = {}, None
        elif line.startswith("#"):
            if line.startswith("#,") and "fuzzy" in line:
                entry["fuzzy"] = True
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            entry[key] = ast.literal_eval(value)
    return [e for e in entries if e.get("msgid")]


def test_every_translation_in_the_po_is_compiled_into_the_mo():
    with open(LC / "django.mo", "rb") as mo:
        catalog = gettext.GNUTranslations(mo)
    stale = []
    for entry in po_entries(LC / "django.po"):
        if entry.get("fuzzy"):
            continue
        context = entry.get("msgctxt")
        if "msgid_plural" in entry:
            if context:
                got = catalog.npgettext(context, entry["msgid"], entry["msgid_plural"], 1)
            else:
                got = catalog.ngettext(entry["msgid"], entry["msgid_plural"], 1)
            want = entry["msgstr[0]"]
        else:
            if context:
                got = catalog.pgettext(context, entry["msgid"])
            else:
                got = catalog.gettext(entry["msgid"])
            want = entry["msgstr"]
        if want and got != want:
            stale.append(entry["msgid"])
    assert not stale, f"django.mo is older than django.po (run scripts/messages.sh): {stale[:5]}"


def test_no_message_is_left_untranslated_or_fuzzy():
    bad = [
        e["msgid"]
        for e in po_entries(LC / "django.po")
        if e.get("fuzzy") or not e.get("msgstr", e.get("msgstr[0]"))
    ]
    assert not bad, f"untranslated or fuzzy in the vi catalog: {bad[:5]}"
