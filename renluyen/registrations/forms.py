"""The member's form page (phiếu đăng ký rèn luyện): what may be on it, reading a POST into
`ItemDraft`s, and the rows the template shows (IV.2 Step 1).

Field names carry the item's key, so the rules' problems ("item:<key>") and the
committee's comments find their field:
- `pick` = "c<criterion pk>" / "a<activity pk>" (one checkbox each), `<key>-solution`;
- a saved own criterion: `item-<pk>-text`, `item-<pk>-solution`;
- a new own criterion: `open-<area number>-<n>-text`, `open-<area number>-<n>-solution`.
"""

import re
from dataclasses import dataclass, field

from renluyen.core import ids
from renluyen.core.ids import parse_id
from renluyen.programs.catalog import program_catalog
from renluyen.registrations.models import Item, ItemKind, Registration
from renluyen.registrations.services import ItemDraft, items_of

_NEW_OPEN = re.compile(r"^open-([0-9]{1,3})-([0-9]{1,4})-(text|solution)$")
_SAVED_OPEN = re.compile(r"^item-([0-9]{1,12})-(text|solution)$")


@dataclass
class Catalog:
    """What this enrollment's form may hold, loaded in a fixed number of queries: the
    program's areas, the criteria offered to the member's type, the activities open to
    their branch, and the form as saved."""

    enrollment: object
    registration: Registration | None
    areas: list
    # pk -> Criterion / Activity the member may pick. Those already on the form stay
    # pickable (so they can be unticked) even if no longer offered.
    criteria: dict
    activities: dict
    items: list

    @classmethod
    def load(cls, enrollment) -> "Catalog":
        # The program's part is cached per catalog stamp (programs.catalog); only the form
        # as saved is read here.
        program = program_catalog(enrollment.program)
        registration = Registration.objects.filter(enrollment=enrollment).first()
        items = items_of(registration) if registration is not None else []
        areas = list(program.areas)
        criteria = {c.pk: c for c in program.criteria_for(enrollment.member.member_type)}
        activities = {a.pk: a for a in program.activities_for(enrollment.branch)}
        for item in items:
            if item.criterion_id and item.criterion_id not in criteria:
                criteria[item.criterion_id] = item.criterion
            if item.activity_id and item.activity_id not in activities:
                activities[item.activity_id] = item.activity
        return cls(
            enrollment=enrollment,
            registration=registration,
            areas=areas,
            criteria=criteria,
            activities=activities,
            items=items,
        )

    @property
    def confirmed(self) -> list[Item]:
        return [item for item in self.items if item.confirmed_at]

    def area_by_number(self, number):
        return next((area for area in self.areas if area.number == number), None)


def parse_version(data) -> int:
    """The version the page was rendered with; a missing or forged one counts as stale."""
    return ids.parse_version(data.get("version"))


def parse_drafts(data, catalog: Catalog) -> list[ItemDraft]:
    """The form as typed. Criteria and activities the member may not pick, own criteria of
    another form and confirmed items are ignored (the service keeps confirmed ones as they
    were). Text is kept as typed (the service cleans it); an own criterion with both
    fields blank is dropped, which is how one is removed."""
    locked = {item.key for item in catalog.confirmed}
    drafts = []
    for key in dict.fromkeys(data.getlist("pick")):
        draft = _picked(key, catalog, data.get(f"{key}-solution", ""))
        if draft is not None and draft.key not in locked:
            drafts.append(draft)
    saved_open = {
        item.pk: item
        for item in catalog.items
        if item.kind == ItemKind.OPEN and item.confirmed_at is None
    }
    for pk in sorted({parse_id(m[1]) for m in map(_SAVED_OPEN.match, data) if m}):
        if pk in saved_open:
            drafts += _open(data, f"item-{pk}", saved_open[pk].area, f"o{pk}")
    slots = sorted({(int(m[1]), int(m[2])) for m in map(_NEW_OPEN.match, data) if m})
    for number, n in slots:
        area = catalog.area_by_number(number)
        if area is not None:
            drafts += _open(data, f"open-{number}-{n}", area, f"new-{number}-{n}")
    return drafts


def _picked(key: str, catalog: Catalog, solution: str) -> ItemDraft | None:
    pk = parse_id(key[1:])
    if key.startswith("c") and pk in catalog.criteria:
        criterion = catalog.criteria[pk]
        return ItemDraft(
            area=criterion.area, kind=ItemKind.CRITERION, criterion=criterion, solution=solution
        )
    if key.startswith("a") and pk in catalog.activities:
        activity = catalog.activities[pk]
        return ItemDraft(
            area=activity.area, kind=ItemKind.ACTIVITY, activity=activity, solution=solution
        )
    return None


def _open(data, prefix: str, area, open_key: str) -> list[ItemDraft]:
    text = data.get(f"{prefix}-text", "")
    solution = data.get(f"{prefix}-solution", "")
    if not text.strip() and not solution.strip():
        return []
    return [
        ItemDraft(area=area, kind=ItemKind.OPEN, text=text, solution=solution, open_key=open_key)
    ]


# ---------------------------------------------------------------- what the page shows


@dataclass
class Row:
    """One criterion, activity or own criterion on the page."""

    key: str
    # Field names start with this: "c12", "a3", "item-45", "open-2-0".
    prefix: str
    kind: str
    chosen: bool = False
    solution: str = ""
    text: str = ""
    code: str = ""
    label: str = ""
    activity: object = None
    confirmed: bool = False
    problems: list = field(default_factory=list)
    comments: list = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.kind == ItemKind.OPEN

    @property
    def short(self) -> str:
        """The label's first words, for a phone: the full text is one tap away."""
        return short_title(self.label)


SHORT_WORDS = 8


def short_title(text: str, words: int = SHORT_WORDS) -> str:
    """A criterion's text cut to its first clause of at most `words` words ("Học tập nghị
    quyết của Đảng, Nghị quyết của cấp ủy…"); the text itself when it is that short."""
    text = " ".join((text or "").split())
    head = re.split(r"[;:(]|\.\s", text, maxsplit=1)[0].strip()
    cut = head.split(" ")
    if len(cut) > words:
        cut = cut[:words]
        # End at the last comma within those words when there is one, not mid-phrase.
        commas = [i for i, word in enumerate(cut) if word.endswith(",")]
        if commas and commas[-1] >= words // 2:
            cut = cut[: commas[-1] + 1]
    short = " ".join(cut).rstrip(",;:. ")
    return text if short == text.rstrip(". ") else f"{short}…"


@dataclass
class Block:
    """One content area of the form."""

    area: object
    criteria: list = field(default_factory=list)
    activities: list = field(default_factory=list)
    open: list = field(default_factory=list)
    suggestions: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    comments: list = field(default_factory=list)
    # The index of the next new own-criterion slot, for the "add" button, and the blank
    # slot it copies (its index "__N__" is replaced by the script).
    next_slot: int = 0
    template_row: Row | None = None

    @property
    def rows(self) -> list[Row]:
        return [*self.criteria, *self.activities, *self.open]

    @property
    def chosen(self) -> list[Row]:
        return [row for row in self.rows if row.chosen]


def _prefix(key: str) -> str:
    if key.startswith("o"):
        return f"item-{key[1:]}"
    if key.startswith("new-"):
        return f"open-{key[4:]}"
    return key


def _new_slot(key: str) -> int:
    return int(key.rsplit("-", 1)[1]) + 1 if key.startswith("new-") else 0


def build_blocks(
    catalog: Catalog,
    items,
    *,
    problems=(),
    comments=(),
    suggestions=(),
    blank_slot: bool = False,
) -> tuple[list[Block], list]:
    """The five areas with their rows for `items` (saved Items or ItemDrafts), the rules'
    problems and the committee's comments placed next to their field. Returns the blocks
    and what belongs to no field (general problems and comments)."""
    by_key = {item.key: item for item in items}
    blocks = {area.pk: Block(area=area) for area in catalog.areas}
    for criterion in catalog.criteria.values():
        if criterion.area_id in blocks:
            row = _row(f"c{criterion.pk}", ItemKind.CRITERION, by_key)
            row.code, row.label = criterion.code, criterion.text
            blocks[criterion.area_id].criteria.append(row)
    for activity in catalog.activities.values():
        if activity.area_id in blocks:
            row = _row(f"a{activity.pk}", ItemKind.ACTIVITY, by_key)
            row.label, row.activity = activity.title, activity
            blocks[activity.area_id].activities.append(row)
    for item in items:
        if item.kind == ItemKind.OPEN and item.area_id in blocks:
            block = blocks[item.area_id]
            block.open.append(_row(item.key, ItemKind.OPEN, by_key))
            block.next_slot = max(block.next_slot, _new_slot(item.key))
    for suggestion in suggestions:
        if suggestion.area_id in blocks:
            blocks[suggestion.area_id].suggestions.append(suggestion)
    if blank_slot:
        # Without JavaScript there is still room for one more own criterion per area.
        for block in blocks.values():
            key = f"new-{block.area.number}-{block.next_slot}"
            block.open.append(Row(key=key, prefix=_prefix(key), kind=ItemKind.OPEN))
            block.next_slot += 1
    for block in blocks.values():
        number = block.area.number
        block.template_row = Row(
            key=f"new-{number}-__N__", prefix=f"open-{number}-__N__", kind=ItemKind.OPEN
        )
    rows = {row.key: row for block in blocks.values() for row in block.rows}
    by_number = {block.area.number: block for block in blocks.values()}
    general = []
    for problem in problems:
        kind, _sep, ref = problem.where.partition(":")
        if kind == "item" and ref in rows:
            rows[ref].problems.append(problem.message)
        elif kind == "area" and parse_id(ref) in by_number:
            by_number[parse_id(ref)].problems.append(problem.message)
    for comment in comments:
        key = comment.item.key if comment.item_id else None
        if key in rows:
            rows[key].comments.append(comment)
        else:
            general.append(comment)
    return list(blocks.values()), general


def _row(key: str, kind: str, by_key: dict) -> Row:
    row = Row(key=key, prefix=_prefix(key), kind=kind)
    item = by_key.get(key)
    if item is not None:
        row.chosen = True
        row.solution = item.solution
        row.text = item.text
        row.confirmed = bool(getattr(item, "confirmed_at", None))
    return row


def counts(catalog: Catalog, items) -> dict:
    """The counter at the top: criteria chosen and areas covered, against the rules."""
    program = catalog.enrollment.program
    return {
        "items": len(items),
        "min_items": program.min_criteria,
        "areas": len({item.area_id for item in items}),
        "all_areas": len(catalog.areas),
    }
