"""The columns of a member list and how each cell is read.

Pure functions, no database: a cell comes in as whatever openpyxl or the csv module
gives (str, int, float, datetime, None) and leaves as a normalised value or a problem.
Headers and the values of choice columns are matched case- and diacritics-insensitively,
in Vietnamese or in English, so "Đối tượng", "doi tuong" and "member_type" are one column.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl.utils.datetime import from_excel

from renluyen.core.text import strip_controls
from renluyen.people.models import Gender, MemberStatus, MemberType

# The code of the example row of the template; a file that still holds it is refused
# so that "Nguyễn Văn An" never becomes a member by accident.
EXAMPLE_CODE = "VIDU-001"


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """A lower-case ASCII key for matching: 'Đối tượng (*)' -> 'doi tuong'."""
    # Choice cells repeat ("Sinh viên" 15,000 times), hence the cache.
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"\(.*?\)|\*", " ", text)
    return " ".join(re.sub(r"[^a-z0-9@]+", " ", text).split())


def text(value) -> str:
    """A cell as clean text: NFC (Vietnamese typed in decomposed form matches), spaces collapsed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        value = value.isoformat()
    # Control characters (a NUL from a CSV made PostgreSQL refuse the whole import) go.
    cleaned = strip_controls(unicodedata.normalize("NFC", str(value)))
    return " ".join(cleaned.replace("\xa0", " ").split())


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # the header written in the template (translated)
    aliases: tuple[str, ...]  # folded headers that name this column
    help: str
    example: object = None
    max_length: int | None = None
    required: bool = False
    choices: dict[str, str] = field(default_factory=dict)  # folded value -> stored value


def _choices(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {fold(alias): value for value, aliases in table.items() for alias in aliases}


MEMBER_TYPES = _choices(
    {
        MemberType.LECTURER: (
            "Giảng viên",
            "Cán bộ nghiên cứu",
            "Giảng viên/Cán bộ nghiên cứu",
            "Cán bộ nghiên cứu/Giảng viên",
            "Cán bộ nghiên cứu, giảng dạy",
            "Cán bộ giảng dạy",
            "Nghiên cứu viên",
            "lecturer",
            "researcher",
            "lecturer/researcher",
        ),
        MemberType.STUDENT: (
            "Sinh viên",
            "Học viên",
            "Học viên cao học",
            "Nghiên cứu sinh",
            "student",
        ),
        MemberType.PUPIL: ("Học sinh", "Học sinh THPT", "pupil", "high-school student"),
        MemberType.STAFF: (
            "Cán bộ",
            "Nhân viên",
            "Cán bộ/Nhân viên",
            "Cán bộ, nhân viên",
            "Cán bộ công nhân viên",
            "Viên chức",
            "staff",
        ),
        MemberType.OTHER: ("Khác", "other"),
    }
)
MEMBER_TYPE_HINT = "Sinh viên, Học sinh, Giảng viên/Cán bộ nghiên cứu, Cán bộ/Nhân viên, Khác"

GENDERS = _choices(
    {
        Gender.MALE: ("Nam", "male", "M"),
        Gender.FEMALE: ("Nữ", "female", "F"),
        Gender.OTHER: ("Khác", "other"),
    }
)
GENDER_HINT = "Nam, Nữ, Khác"

STATUSES = _choices(
    {
        MemberStatus.ACTIVE: ("Đang sinh hoạt", "Sinh hoạt", "active"),
        MemberStatus.TRANSFERRED: (
            "Đã chuyển đi",
            "Chuyển đi",
            "Đã chuyển sinh hoạt",
            "Chuyển sinh hoạt",
            "transferred",
        ),
        MemberStatus.LEFT: (
            "Đã ra khỏi Đoàn",
            "Ra khỏi Đoàn",
            "Đã trưởng thành Đoàn",
            "Trưởng thành Đoàn",
            "left",
        ),
    }
)
STATUS_HINT = "Đang sinh hoạt, Đã chuyển đi, Đã ra khỏi Đoàn"


def _aliases(*names: str) -> tuple[str, ...]:
    return tuple(fold(n) for n in names)


COLUMNS = (
    Column(
        "code",
        _("Member code"),
        _aliases("Mã đoàn viên", "Mã ĐV", "Mã số đoàn viên", "code", "member code", "member_code"),
        _(
            "Required. The member's own code, different for every member (for example the "
            "student ID). Keep these cells formatted as Text so that leading zeros stay."
        ),
        EXAMPLE_CODE,
        max_length=40,
        required=True,
    ),
    Column(
        "full_name",
        _("Full name"),
        _aliases("Họ và tên", "Họ tên", "full name", "full_name", "name"),
        _("Required. Full name, with Vietnamese diacritics."),
        "Nguyễn Văn An",
        max_length=200,
        required=True,
    ),
    Column(
        "date_of_birth",
        _("Date of birth"),
        _aliases("Ngày sinh", "Ngày tháng năm sinh", "date of birth", "date_of_birth", "dob"),
        _("Day/month/year, e.g. 05/09/2003: a date cell or text; 2003-09-05 is also read."),
        date(2003, 9, 5),
    ),
    Column(
        "gender",
        _("Gender"),
        _aliases("Giới tính", "gender", "sex"),
        _("One of: Nam, Nữ, Khác."),
        "Nam",
        choices=GENDERS,
    ),
    Column(
        "member_type",
        _("Member type"),
        _aliases("Đối tượng", "Loại đoàn viên", "member type", "member_type", "type"),
        _(
            "Required. One of: Sinh viên (student), Học sinh (high-school student), "
            "Giảng viên or Cán bộ nghiên cứu (lecturer/researcher), Cán bộ or Nhân viên "
            "(staff), Khác (other)."
        ),
        "Sinh viên",
        required=True,
        choices=MEMBER_TYPES,
    ),
    Column(
        "email",
        _("Email"),
        _aliases("Email", "E-mail", "Thư điện tử", "email address"),
        _("A valid email address."),
        "an.nv@example.edu.vn",
        max_length=254,
    ),
    Column(
        "phone",
        _("Phone"),
        _aliases("Số điện thoại", "Điện thoại", "SĐT", "phone", "phone number", "mobile"),
        _("Digits, e.g. 0912345678; spaces, dots, dashes and a leading + are allowed."),
        "0912345678",
        max_length=20,
    ),
    Column(
        "branch_code",
        _("Branch code"),
        _aliases("Mã chi đoàn", "Mã CĐ", "branch code", "branch_code", "branch"),
        _(
            "The code of the member's branch (see the sheet of branch codes). It may be left "
            "blank when you import into one branch."
        ),
        "",
        max_length=40,
    ),
    Column(
        "status",
        _("Status"),
        _aliases("Trạng thái", "Tình trạng", "status"),
        _(
            "One of: Đang sinh hoạt (active, the default for a new member), Đã chuyển đi "
            "(transferred), Đã ra khỏi Đoàn (left)."
        ),
        "Đang sinh hoạt",
        choices=STATUSES,
    ),
)
KEYS = tuple(c.key for c in COLUMNS)
BY_KEY = {c.key: c for c in COLUMNS}
REQUIRED = tuple(c.key for c in COLUMNS if c.required)
HEADER_ALIASES = {alias: c.key for c in COLUMNS for alias in c.aliases}

_PHONE_RE = re.compile(r"^\+?[0-9][0-9 .()-]{5,19}$")
_DMY_RE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_YMD_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_MIN_BIRTH = date(1900, 1, 1)


class Problem(Exception):
    """One bad cell: a problem code and the values its message names."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def header_key(value) -> str | None:
    """Which column a header cell names, or None."""
    return HEADER_ALIASES.get(fold(text(value))) if value is not None else None


def parse_date(value) -> date | None:
    """A date of birth from a date cell, an Excel serial number, dd/mm/yyyy or yyyy-mm-dd."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        # A date typed into a cell formatted as a number: Excel's day count.
        if not 1 <= value <= 2958465:
            raise Problem("bad_date", value=text(value))
        day = from_excel(value).date()
    else:
        raw = text(value)
        day = _date_from_text(raw)
        if day is None:
            raise Problem("bad_date", value=raw)
    if not _MIN_BIRTH <= day <= timezone.localdate():
        raise Problem("date_out_of_range", value=day.strftime("%d/%m/%Y"))
    return day


def _date_from_text(raw: str) -> date | None:
    match = _DMY_RE.match(raw)
    if match:
        d, m, y = (int(g) for g in match.groups())
    else:
        match = _YMD_RE.match(raw)
        if not match:
            return None
        y, m, d = (int(g) for g in match.groups())
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_cell(column: Column, value):
    """The normalised value of one cell, None when blank; raises Problem when unreadable."""
    if column.key == "date_of_birth":
        day = parse_date(value)
        return day.isoformat() if day else None
    raw = text(value)
    if column.key == "phone" and isinstance(value, int | float) and len(raw) == 9:
        # A phone typed into a number cell loses its leading 0 (0912345678 -> 912345678).
        raw = "0" + raw
    if not raw:
        if column.required:
            raise Problem(f"missing_{column.key}")
        return None
    if column.max_length and len(raw) > column.max_length:
        raise Problem("too_long", column=column.key, max=column.max_length)
    if column.choices:
        try:
            return column.choices[fold(raw)]
        except KeyError:
            raise Problem(f"bad_{column.key}", value=raw) from None
    if column.key == "email":
        try:
            validate_email(raw)
        except ValidationError:
            raise Problem("bad_email", value=raw) from None
    if column.key == "phone" and not _PHONE_RE.match(raw):
        raise Problem("bad_phone", value=raw)
    if column.key == "code" and raw == EXAMPLE_CODE:
        raise Problem("example_row", value=raw)
    return raw
