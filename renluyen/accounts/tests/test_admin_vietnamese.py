"""The Django admin fully in Vietnamese (issue 9 item 6): what Django's own catalog lacks,
django-axes' pages, and the permission names stored in English."""

from renluyen import factories
from renluyen.core.tests.helpers import text


def test_the_admin_speaks_vietnamese(client, db):
    admin = factories.user(is_staff=True, is_superuser=True)
    client.force_login(admin)
    index = text(client.get("/admin/"))
    assert "Chuyển đến nội dung chính" in index and "Skip to main content" not in index
    assert "Chống dò mật khẩu" in index and "Axes" not in index
    change = text(client.get(f"/admin/auth/user/{admin.pk}/change/"))
    assert "Quản trị tổ chức · được thêm đơn vị" in change or "được thêm đơn vị" in change
    assert "Can add unit" not in change
    attempts = text(client.get("/admin/axes/accessattempt/"))
    assert "Các lượt đăng nhập sai" in attempts or "các lượt đăng nhập sai" in attempts
    script = client.get("/admin/jsi18n/").content.decode()
    assert "Th\\u1ee9 hai" in script or "Thứ hai" in script
