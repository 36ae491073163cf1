"""Activation codes: short, typed by hand from a printed sheet, stored only as a keyed hash.

The alphabet leaves out 0/O and 1/I (and L), which people mix up on paper; 8 characters
of 31 give about 40 bits, and the sign-in throttling (accounts.throttle) allows a handful
of tries per account, so guessing is hopeless. A code is printed as two groups of four
("K7PM-3QXD"); what is typed is upper-cased and stripped of blanks and dashes.
"""

import secrets

from django.utils.crypto import constant_time_compare, salted_hmac

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 8
_SALT = "renluyen.accounts.activation-code"


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def shown(code: str) -> str:
    """How a code is printed: two groups of four."""
    return f"{code[:4]}-{code[4:]}"


def normalized(typed: str) -> str:
    return "".join(ch for ch in (typed or "").upper() if ch.isalnum())


def code_hash(member_id: int, code: str) -> str:
    """Keyed with SECRET_KEY and bound to the member, so equal codes hash apart."""
    return salted_hmac(_SALT, f"{member_id}:{normalized(code)}", algorithm="sha256").hexdigest()


def matches(member_id: int, typed: str, stored_hash: str) -> bool:
    return constant_time_compare(code_hash(member_id, typed), stored_hash)
