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


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
@pytest.mark.parametrize(
    ("username", "path"),
    [
        (None, "/login/"),
        ("bithu", "/"),
        ("vanphong", "/"),
        ("vanphong", "/members/"),
        ("vanphong", "/units/"),
        ("bithu", "/password/"),
        ("doanvien", "/"),
        ("doanvien", "/registrations/{form}/"),
        ("doanvien", "/activities/"),
        ("bithu", "/registrations/branch/{branch}/"),
        ("bithu", "/registrations/{submitted}/review/"),
        ("bithu", "/registrations/{submitted}/history/"),
        ("bithu", "/notifications/"),
        ("thuongvu", "/registrations/unit/{base}/"),
    ],
)
def test_a_page_never_scrolls_sideways_on_a_phone(demo, page, username, path):
    if username:
        log_in(page, username)
    path = path.format(**_demo_ids())
    page.goto(path)
    width = page.evaluate("document.documentElement.scrollWidth")
    if path == "/members/":
        screenshot(page, "members-phone-vanphong")
    assert width <= PHONE_WIDTH, f"{path} is {width}px wide on a 360-px phone"


def _demo_ids() -> dict:
    """Ids of demo objects the page paths above need."""
    from renluyen.organizations.models import Unit
    from renluyen.programs.models import Enrollment, ProgramStatus

    current = Enrollment.objects.filter(program__status=ProgramStatus.OPEN)
    return {
        "base": Unit.objects.get(code="DHKT").pk,
        "branch": Unit.objects.get(code="CD-1").pk,
        "form": current.get(member__user__username="doanvien").pk,
        "submitted": current.filter(registration__state="submitted", branch__code="CD-1")
        .order_by("pk")
        .first()
        .pk,
    }
