"""In Chromium: the member list's search and paging, and no sideways scrolling on a phone."""

import pytest
from playwright.sync_api import expect

from renluyen.core.tests.browser import log_in, screenshot
from renluyen.people.models import Member

# A few pixels of slack for sub-pixel rounding; a real overflow is far wider.
PHONE_WIDTH = 360 + 2


def test_the_stylesheet_and_htmx_load(live_server, page):
    page.goto("/login/")
    # site.css makes the header a flex row; without it the page is bare HTML.
    assert page.evaluate("getComputedStyle(document.querySelector('.topbar')).display") == "flex"
    assert page.evaluate("typeof window.htmx") == "object"


def test_the_member_list_searches_and_pages(demo, page, viewport):
    log_in(page, "vanphong")
    page.get_by_role("navigation").get_by_role("link", name="Đoàn viên").click()
    expect(page.locator("h1")).to_have_text("Đoàn viên")
    expect(page.get_by_text("300 đoàn viên")).to_be_visible()
    expect(page.get_by_text("Trang 1 / 6")).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(50)
    page.get_by_role("link", name="Trang sau").click()
    expect(page.get_by_text("Trang 2 / 6")).to_be_visible()
    first_on_page_2 = page.locator("tbody tr td a").first.inner_text()
    assert first_on_page_2 == Member.objects.order_by("full_name", "code")[50].full_name

    # Search by name: the count and the paging follow the search.
    surname = "Nguyễn"
    found = Member.objects.filter(full_name__contains=surname).count()
    assert found > 0
    search = page.get_by_role("searchbox")
    search.fill(surname)
    search.press("Enter")
    expect(page.get_by_text(f"{found} đoàn viên")).to_be_visible()
    names = page.locator("tbody tr td:first-child").all_inner_texts()
    assert names and all(surname in name for name in names)

    # Search by code, then open the member.
    member = Member.objects.order_by("code")[41]
    search = page.get_by_role("searchbox")
    search.fill(member.code)
    search.press("Enter")
    expect(page.get_by_text("1 đoàn viên", exact=True)).to_be_visible()
    page.get_by_role("link", name=member.full_name).click()
    expect(page.locator("h1")).to_have_text(member.full_name)
    expect(page.locator("dl")).to_contain_text(member.code)
    if viewport == "phone":
        screenshot(page, "member-detail-phone")


# Every page a phone user reaches, by account; one demo load serves them all.
PHONE_PAGES = [
    (None, "/login/"),
    ("bithu", "/"),
    ("bithu", "/password/"),
    ("bithu", "/registrations/branch/{branch}/"),
    ("bithu", "/registrations/{submitted}/review/"),
    ("bithu", "/registrations/{submitted}/history/"),
    ("bithu", "/notifications/"),
    ("bithu", "/evaluations/branch/{branch}/"),
    ("bithu", "/evaluations/{scored}/"),
    ("bithu", "/evaluations/{scored}/maxima/"),
    ("bithu", "/evaluations/{scored}/history/"),
    ("bithu", "/evaluations/branch/{branch}/groups/"),
    ("bithu", "/evaluations/group/{group}/"),
    ("vanphong", "/"),
    ("vanphong", "/members/"),
    ("vanphong", "/units/"),
    ("doanvien", "/"),
    ("doanvien", "/registrations/{form}/"),
    ("doanvien", "/activities/"),
    ("doanvien", "/evaluations/mine/"),
    ("lienchi", "/evaluations/unit/{federation}/"),
    ("thuongvu", "/registrations/unit/{base}/"),
    ("thuongvu", "/evaluations/unit/{base}/"),
    # Long names in the account bar (issue 10: 373 px before).
    ("kiemtra", "/"),
    ("admin", "/"),
]


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_no_page_scrolls_sideways_on_a_phone(demo_evaluation, page):
    ids = _demo_ids()
    too_wide, current = [], "nobody"
    for username, path in PHONE_PAGES:
        if username != current:
            page.context.clear_cookies()
            if username:
                log_in(page, username)
            current = username
        path = path.format(**ids)
        response = page.goto(path)
        assert response.status == 200, f"{path} as {username}: HTTP {response.status}"
        width = page.evaluate("document.documentElement.scrollWidth")
        if path == "/members/":
            screenshot(page, "members-phone-vanphong")
        if width > PHONE_WIDTH:
            too_wide.append(f"{path} as {username} is {width}px wide")
        if path.startswith("/evaluations/branch/") and path.count("/") == 4:
            # The program picker starts with the year, so a phone's select shows it.
            picked = page.locator("#program-pick option:checked").inner_text()
            assert picked.startswith(("20",)), picked
    assert too_wide == []


def _demo_ids() -> dict:
    """Ids of demo objects the page paths above need."""
    from renluyen.core.demo import current_school_year, previous_school_year
    from renluyen.evaluations.models import Score
    from renluyen.organizations.models import Level, Unit
    from renluyen.programs.models import Enrollment

    current = Enrollment.objects.filter(program__school_year=current_school_year())
    last_year = Enrollment.objects.filter(program__school_year=previous_school_year())
    scored = Score.objects.filter(
        evaluation__enrollment__in=last_year.filter(branch__code="CD-1"),
        self_score__isnull=False,
    ).values_list("evaluation__enrollment_id", flat=True)
    return {
        "base": Unit.objects.get(code="DHKT").pk,
        "federation": Unit.objects.get(code="LCD-KTCT").pk,
        "branch": Unit.objects.get(code="CD-1").pk,
        "group": Unit.objects.filter(level=Level.SUBBRANCH, parent__code="CD-1").first().pk,
        "form": current.get(member__user__username="doanvien").pk,
        "submitted": current.filter(registration__state="submitted", branch__code="CD-1")
        .order_by("pk")
        .first()
        .pk,
        "scored": min(scored),
    }
