"""What a result report says (seed V.2, DOMAIN "Union documents"), shared by the page, the
A4 print and the PDF: the heading, number, place and date, the figures (a federation's
also branch by branch), the members by level, the unit's own text, the signature block
and the recipients. A draft reads the data as it is now; a submitted report reads the
snapshot taken when it was submitted."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from renluyen.dashboards import figures
from renluyen.dashboards.models import LEVEL_COUNTS
from renluyen.evaluations.models import Level as ResultLevel
from renluyen.evaluations.scoring import format_score
from renluyen.organizations.models import Level
from renluyen.programs.models import Enrollment
from renluyen.reports import letterhead
from renluyen.reports.models import Report, ReportState

NOT_EVALUATED = "not_evaluated"


@dataclass
class Section:
    title: str
    text: str


@dataclass
class FigureRow:
    label: str
    count: int
    share: str  # "85,0 %" of the members (or of the evaluated, for the levels), or ""


@dataclass
class BranchRow:
    name: str
    counts: dict

    @property
    def cells(self) -> list[int]:
        return branch_cells(self.counts)


@dataclass
class LevelGroup:
    key: str
    label: str
    members: list  # dicts: name, code, branch, total

    @property
    def by_branch(self) -> list[tuple[str, list[str]]]:
        """(branch, ["Name (total)", …]) in the members' order, for a compact listing."""
        out: list[tuple[str, list[str]]] = []
        for member in self.members:
            entry = f"{member['name']} ({member['total']})" if member["total"] else member["name"]
            if out and out[-1][0] == member["branch"]:
                out[-1][1].append(entry)
            else:
                out.append((member["branch"], [entry]))
        return out


@dataclass
class Document:
    report: Report
    heading: letterhead.Heading
    number_line: str
    date_line: str
    title: str
    figure_rows: list
    branches: list
    groups: list
    sections: list
    is_federation: bool
    snapshot_at: str = ""
    columns: list = field(default_factory=list)
    kind: str = ""
    labels: dict = field(default_factory=dict)

    @property
    def recipient_lines(self) -> list[str]:
        """ "- Văn phòng Đoàn trường;" … "- Lưu VP." as the recipients block prints them."""
        lines = self.heading.recipients
        return [f"- {line}{'.' if i == len(lines) - 1 else ';'}" for i, line in enumerate(lines)]


def _share(count: int, whole: int) -> str:
    if not whole:
        return ""
    value = Decimal(100 * count) / Decimal(whole)
    return f"{format_score(value.quantize(Decimal('0.1')))} %"


def default_title(program) -> str:
    return _("Results of carrying out the %(program)s") % {"program": program.name}


def snapshot(report: Report, today) -> dict:
    """The report's data as of now, as stored at submission."""
    unit, program = report.unit, report.program
    scope = figures.Scope(unit, [program], today)
    total = figures.total(scope)
    data = {
        "heading": letterhead.heading(unit).as_dict(),
        "counts": total.counts,
        "branches": [],
        "members": _members(program, unit),
        "taken_at": timezone.now().isoformat(),
    }
    if unit.level == Level.FEDERATION:
        data["branches"] = [
            {"name": row.unit.name, "counts": row.counts}
            for row in figures.by_child(scope)
            if row.unit.level == Level.BRANCH
        ]
    return data


def _members(program, unit) -> list[dict]:
    """Every member of the unit's subtree with their stored result, by level then branch
    then name: one query."""
    rows = (
        Enrollment.objects.filter(program=program, branch__path__startswith=unit.path)
        .order_by("branch__path", "member__full_name", "member__code")
        .values_list(
            "member__full_name",
            "member__code",
            "branch__name",
            "evaluation__level",
            "evaluation__reason",
            "evaluation__total",
        )
    )
    out = []
    for name, code, branch, level, reason, total in rows:
        complete = level and reason != "not_evaluated"
        out.append(
            {
                "name": name,
                "code": code,
                "branch": branch,
                "level": level if complete else NOT_EVALUATED,
                "total": format_score(total) if complete and total is not None else "",
            }
        )
    return out


def document(report: Report, today=None) -> Document:
    today = today or timezone.localdate()
    data = report.snapshot if report.state != ReportState.DRAFT and report.snapshot else None
    live = data is None
    if live:
        data = snapshot(report, today)
    heading = letterhead.Heading(**data["heading"])
    counts = data["counts"]
    number = str(report.number) if report.number and not live else "……"
    issued = report.issued_on if report.issued_on and not live else None
    return Document(
        report=report,
        heading=heading,
        number_line=_("No. %(number)s-BC/%(symbol)s")
        % {"number": number, "symbol": heading.symbol},
        date_line=date_line(heading.place, issued),
        title=report.title or default_title(report.program),
        figure_rows=figure_rows(counts),
        branches=[BranchRow(b["name"], b["counts"]) for b in data["branches"]],
        groups=level_groups(data["members"]),
        sections=[
            Section(f"{numeral}. {title}", text)
            for numeral, (title, text) in zip(
                ["III", "IV", "V", "VI"],
                [
                    (_("What went well"), report.achievements),
                    (_("Difficulties and shortcomings"), report.difficulties),
                    (_("Proposals"), report.proposals),
                    (_("Commendation proposals"), report.commendations),
                ],
                strict=True,
            )
        ],
        is_federation=report.unit.level == Level.FEDERATION,
        snapshot_at=data.get("taken_at", ""),
        columns=branch_columns(),
        kind=_("REPORT"),
        labels={
            "figures": _("I. Results in figures"),
            "figure_head": [_("Figure"), _("Members"), _("Share")],
            "branch": _("Branch"),
            "members": _("II. Members by level"),
            "recipients": _("Recipients:"),
        },
    )


def date_line(place: str, day) -> str:
    values = {"place": place or "……"}
    if day is None:
        values.update(day="……", month="……", year="………")
    else:
        values.update(day=f"{day.day:02d}", month=f"{day.month:02d}", year=str(day.year))
    return _("%(place)s, day %(day)s month %(month)s year %(year)s") % values


def figure_rows(counts: dict) -> list[FigureRow]:
    members, evaluated = counts["members"], counts["evaluated"]
    rows = [
        FigureRow(_("Members"), members, ""),
        FigureRow(_("Registered"), counts["registered"], _share(counts["registered"], members)),
        FigureRow(
            _("Registered on time"),
            counts["registered_on_time"],
            _share(counts["registered_on_time"], members),
        ),
        FigureRow(_("Confirmed"), counts["confirmed"], _share(counts["confirmed"], members)),
        FigureRow(
            _("Mid-year self-review sent"),
            counts.get("self_reviewed", 0),
            _share(counts.get("self_reviewed", 0), members),
        ),
        FigureRow(
            _("Had a check-in with the committee"),
            counts.get("checked_in", 0),
            _share(counts.get("checked_in", 0), members),
        ),
        FigureRow(
            _("Self-evaluated"), counts["self_evaluated"], _share(counts["self_evaluated"], members)
        ),
        FigureRow(_("Evaluated"), evaluated, _share(evaluated, members)),
    ]
    for key, label in zip(LEVEL_COUNTS, [label for _k, label in ResultLevel.choices], strict=True):
        rows.append(FigureRow(str(label), counts[key], _share(counts[key], evaluated)))
    rows.append(
        FigureRow(_("Not evaluated"), members - evaluated, _share(members - evaluated, members))
    )
    return rows


def branch_columns() -> list[str]:
    return [
        _("Members"),
        _("Registered"),
        _("Confirmed"),
        _("Evaluated"),
        *[str(label) for _k, label in ResultLevel.choices],
    ]


def branch_cells(counts: dict) -> list[int]:
    return [
        counts["members"],
        counts["registered"],
        counts["confirmed"],
        counts["evaluated"],
        *[counts[key] for key in LEVEL_COUNTS],
    ]


def level_groups(members: list[dict]) -> list[LevelGroup]:
    labels = dict(ResultLevel.choices)
    order = [*labels, NOT_EVALUATED]
    groups = {key: LevelGroup(key, str(labels.get(key, _("Not evaluated"))), []) for key in order}
    for member in members:
        groups[member["level"]].members.append(member)
    return [groups[key] for key in order]
