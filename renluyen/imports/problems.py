"""Messages for the problems of an import's rows.

A problem is stored as [row, code, params] so that it is shown in the reader's language
whenever the preview is opened; `message()` turns it into text.
"""

from django.utils.translation import gettext as _

from renluyen.imports.columns import BY_KEY, GENDER_HINT, MEMBER_TYPE_HINT, STATUS_HINT


def _messages() -> dict[str, str]:
    return {
        "missing_code": _("The member code is missing."),
        "missing_full_name": _("The full name is missing."),
        "missing_member_type": _("The member type is missing; write one of: %(allowed)s."),
        "bad_member_type": _('Unknown member type "%(value)s"; write one of: %(allowed)s.'),
        "bad_gender": _('Unknown gender "%(value)s"; write one of: %(allowed)s.'),
        "bad_status": _('Unknown status "%(value)s"; write one of: %(allowed)s.'),
        "bad_date": _(
            'Cannot read the date of birth "%(value)s"; write it as day/month/year, '
            "e.g. 05/09/2003."
        ),
        "date_out_of_range": _(
            "The date of birth %(value)s is not possible; it must be between 1900 and today."
        ),
        "bad_email": _('"%(value)s" is not a valid email address.'),
        "bad_phone": _('"%(value)s" is not a valid phone number; write digits, e.g. 0912345678.'),
        "too_long": _("%(column)s is too long: at most %(max)s characters."),
        "example_row": _(
            'Row "%(value)s" is the example row of the template; delete it before uploading.'
        ),
        "duplicate_in_file": _(
            'Member code "%(code)s" appears more than once in the file: rows %(rows)s.'
        ),
        "missing_branch_code": _(
            "The branch code is missing; write the code of the member's branch in %(unit)s."
        ),
        "unknown_branch_code": _(
            'Unknown branch code "%(value)s": there is no branch with this code in %(unit)s.'
        ),
        "not_a_branch": _('"%(value)s" is the code of %(name)s, which is not a branch.'),
        "code_in_other_branch": _(
            'Member code "%(code)s" already belongs to %(name)s of %(branch)s, outside '
            "%(unit)s. Check the code, or transfer the member first."
        ),
        "code_in_hidden_branch": _(
            'Member code "%(code)s" already belongs to a member of another branch that you '
            "do not manage. Check the code, or ask the Union office to transfer the member."
        ),
        "branch_closed": _('"%(value)s" is the code of %(name)s, which is closed.'),
        "results_locked": _(
            'Member "%(code)s": the results of %(branch)s for %(program)s were sent up or '
            "recognized, so this import cannot move the member's year. Import without "
            "choosing the program to change only their current branch, or transfer them."
        ),
        "results_locked_new": _(
            "The results of %(branch)s for %(program)s were sent up or recognized: no member "
            "can be added to its year. Import without choosing the program."
        ),
        "enrolled_elsewhere": _(
            'Member "%(code)s" is already enrolled in this program in another branch that '
            "you do not manage."
        ),
    }


_HINTS = {
    "missing_member_type": MEMBER_TYPE_HINT,
    "bad_member_type": MEMBER_TYPE_HINT,
    "bad_gender": GENDER_HINT,
    "bad_status": STATUS_HINT,
}


def message(code: str, params: dict, messages: dict[str, str] | None = None) -> str:
    params = dict(params)
    if code in _HINTS:
        params["allowed"] = _HINTS[code]
    if "column" in params:
        params["column"] = str(BY_KEY[params["column"]].label)
    return (messages or _messages())[code] % params


def group_by_row(problems: list) -> list[tuple[int, list]]:
    """[(row, [[code, params], ...]), ...] in row order, one entry per bad row."""
    rows: dict[int, list] = {}
    for row, code, params in problems:
        rows.setdefault(row, []).append((code, params))
    return sorted(rows.items())


def describe(groups) -> list[tuple[int, list[str]]]:
    """The messages of some grouped rows, e.g. one page of the preview."""
    messages = _messages()
    return [(row, [message(c, p, messages) for c, p in items]) for row, items in groups]
