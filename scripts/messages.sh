#!/usr/bin/env bash
# Rebuild the Vietnamese catalog: collect msgids from the code, fill translations from
# renluyen/locale/fragments/*.po (one fragment per part of the app, hand-written), compile.
# Needs GNU gettext (Debian package gettext). Safe to run again at any time.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var
exec 9>var/messages.lock
flock 9
PY=${PY:-.venv/bin/python}
loc=renluyen/locale
po=$loc/vi/LC_MESSAGES/django.po
(cd renluyen && "../$PY" ../manage.py makemessages -l vi --no-obsolete --no-location \
  --ignore 'tests/*' --ignore 'migrations/*' >/dev/null)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# makemessages guesses a translation for a new msgid from a similar old one and marks it
# fuzzy; the msgattrib --no-fuzzy below would then drop the new msgid altogether (the
# page shows English and no test notices). Keep it, untranslated, for a fragment to fill.
msgattrib --clear-fuzzy --empty "$po" -o "$po"
# Fragments first: their translations win over what the catalog had.
msgcat --use-first "$loc"/fragments/*.po "$po" -o "$tmp/all.po" 2>/dev/null
msgmerge --quiet --no-fuzzy-matching --no-location "$tmp/all.po" "$po" -o "$tmp/merged.po"
# A new msgid that makemessages matched fuzzily to an old one is kept, untranslated (the
# test then names it), rather than dropped from the catalog with its wrong guess.
msgattrib --no-obsolete --clear-fuzzy --empty "$tmp/merged.po" -o "$po"
(cd renluyen && "../$PY" ../manage.py compilemessages -l vi >/dev/null)
missing=$(msgattrib --untranslated --no-obsolete "$po" | grep -c '^msgid ' || true)
# The header counts as one msgid.
echo "vi catalog: $(( missing > 0 ? missing - 1 : 0 )) untranslated message(s)"
