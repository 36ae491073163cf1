"""The branch table's member blocks, written in Python rather than in the template.

A 50-member table has 50 blocks of some 30 values and 500 criteria; Django's template
engine spent most of the page's time resolving and escaping them one by one (issue 14:
the page must cost well under 25 ms of CPU). Here each block is one string, escaped
with `html.escape` (what Django's escaping does), with the markup the template had:
_branch_table.html shows where it goes, and the page snapshots hold it to the byte.
"""

import html
from dataclasses import dataclass

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

escape = html.escape


@dataclass(frozen=True)
class Labels:
    """The block's fixed texts, translated once per request (not once per member)."""

    branch: str
    self: str
    group_comments: str
    group: str
    reason: str
    comment: str
    accept: str
    maximum: str
    reason_max: int

    @classmethod
    def now(cls, reason_max: int) -> "Labels":
        return cls(
            branch=escape(_("Branch")),
            self=escape(_("self")),
            group_comments=escape(_("group comments")),
            group=_("Sub-branch or group"),
            reason=escape(_("Reason for the changed scores")),
            comment=escape(_("Branch comment")),
            accept=escape(_("Accept self-scores")),
            maximum=escape(_("max.")),
            reason_max=reason_max,
        )


def member_block(m: dict, rows: list[dict], t: Labels) -> str:
    """One member's <section> (with the whitespace around it the template's loop had):
    the header with state, totals and level, then, for a confirmed form, the cells, the
    criteria with the explanations, the flags and group comments, and the inputs."""
    pk = m["pk"]
    need = " need-reason" if m["needs_reason"] else ""
    version = f' data-v="{m["version"]}"' if m["version"] is not None else ""
    group = f" · {escape(m['group'])}" if m["group"] is not None else ""
    total = ""
    if m["confirmed"]:
        own = f" · {t.self} {escape(m['self_total_text'])}" if m["submitted"] else ""
        total = (
            f'<span class="sum">{t.branch} <b data-total>{escape(m["total_text"]) or "—"}</b>'
            f"/{escape(m['maximum_text'])}{own}</span>"
        )
    flag_count = f'<span class="fl">⚠ {len(m["flags"])}</span>' if m["flags"] else ""
    out = [
        f'\n  <section class="em st-{m["state"]}{need}" id="m-{pk}" data-e="{pk}"{version}'
        f' tabindex="-1" aria-labelledby="n{pk}">\n'
        '    <div class="eh">\n'
        f'      <a id="n{pk}" class="who" href="{escape(m["url"])}">{escape(m["name"])}</a>\n'
        f'      <span class="muted small">{escape(m["code"])}{group}</span>\n'
        f'      <span class="st" data-state>{escape(m["state_label"])}</span>\n'
        f"      {total}\n"
        f'      <span class="lvl" data-level>{escape(m["level_text"])}</span>\n'
        f"      {flag_count}\n"
        "    </div>\n"
        "    "
    ]
    if m["confirmed"]:
        out.append(_confirmed(m, rows, t))
    out.append("\n  </section>\n  ")
    return mark_safe("".join(out))


def _confirmed(m: dict, rows: list[dict], t: Labels) -> str:
    pk, editable = m["pk"], m["editable"]
    disabled = "" if editable else " disabled"
    n = len(rows)
    # As {% blocktranslate %} did: the translation itself is not escaped.
    summary = ngettext("%(n)s criterion, explanations", "%(n)s criteria, explanations", n) % {
        "n": n
    }
    if m["comments"]:
        summary += f" · {t.group_comments}"
    flags = (
        '<ul class="flags">' + "".join(f"<li>{escape(f)}</li>" for f in m["flags"]) + "</ul>"
        if m["flags"]
        else ""
    )
    comments = (
        '<ul class="group-comments">'
        + "".join(
            f"<li><b>{escape(c['group']) if c['group'] else t.group}:</b> {escape(c['text'])}</li>"
            for c in m["comments"]
        )
        + "</ul>"
        if m["comments"]
        else ""
    )
    reason = ""
    if editable or m["change_reason"]:
        when = " data-when-changed" if not m["changed"] and not m["change_reason"] else ""
        reason = (
            f'<label class="rs"{when}><span>{t.reason}</span> <input class="cr"'
            f' placeholder="{t.reason}" value="{escape(m["change_reason"])}"'
            f' maxlength="{t.reason_max}" autocomplete="off"{disabled}></label>'
        )
    comment = ""
    if editable or m["comment"]:
        comment = (
            f'<label class="cm"><span>{t.comment}</span> <input class="cc"'
            f' placeholder="{t.comment}" value="{escape(m["comment"])}"'
            f' autocomplete="off"{disabled}></label>'
        )
    accept = ""
    if editable and m["submitted"]:
        accept = f'<button type="button" class="accept" data-accept>{t.accept}</button>'
    return (
        '<div class="ec">\n'
        f"      {_cells(pk, rows, disabled)}\n"
        "    </div>\n"
        '    <div class="ex">\n'
        f'      <details class="ed"><summary>{summary}</summary>\n'
        f'        <ul class="crit">{_criteria(rows, t.maximum)}</ul>\n'
        f"        {flags}\n"
        f"        {comments}\n"
        "      </details>\n"
        f"      {reason}\n"
        f"      {comment}\n"
        f"      {accept}\n"
        "    </div>"
    )


def _cells(member_pk: int, rows: list[dict], disabled: str) -> str:
    """The scoring cells: the criterion's code, the self-score and the branch's input."""
    return "".join(
        f'<label class="k{" d" if c["differs"] else ""}"><b id="k{c["pk"]}">'
        f"{escape(c['code'])}</b> "
        f'<span class="ss">{escape(c["self"]) or "—"}</span><input class="cs" data-i="{c["pk"]}"'
        f' value="{escape(c["collective"])}" inputmode="decimal" autocomplete="off"'
        f' aria-labelledby="n{member_pk} k{c["pk"]}"{disabled}></label>'
        for c in rows
    )


def _criteria(rows: list[dict], max_text: str) -> str:
    """The criteria with the maxima the branch set and the member's explanations."""
    parts = []
    for c in rows:
        label = f" {escape(c['label'])} —" if c["label"] is not None else ""
        maximum = f' <span class="muted">({max_text} {c["maximum"]})</span>' if c["max_set"] else ""
        explanation = escape(c["explanation"]) if c["explanation"] else "—"
        parts.append(f"<li><b>{escape(c['code'])}</b>{label}{maximum} {explanation}</li>")
    return "".join(parts)
