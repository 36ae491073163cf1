"""Member search that ignores case, and ignores diacritics when the query has none.

"nguyen van duc" finds "Nguyễn Văn Đức" (people type names on phones without
diacritics), while "Ánh" finds "Ánh" but not "Anh" (diacritics tell Vietnamese names
apart). SQLite's LIKE folds only ASCII case, so members carry a prepared copy of their
searchable fields: the lowercase text, then the same text without diacritics.
"""

import unicodedata


def _lower(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def fold(text: str) -> str:
    """Lowercase without diacritics (đ -> d), spaces collapsed."""
    decomposed = unicodedata.normalize("NFD", _lower(text).replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def member_search_text(member) -> str:
    text = f"{member.full_name} {member.code} {member.email}"
    # A term has no spaces, so it never matches across the two halves.
    return f"{_lower(text)}  {fold(text)}"


def search_terms(query: str) -> list[str]:
    """The query's words, lowercased; a member matches when every word is found.

    A word typed with diacritics matches only the lowercase half with its diacritics;
    a word without them matches the folded half too.
    """
    return _lower(query).split()[:8]
