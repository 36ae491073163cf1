"""Evidence files: checked by their content, stored outside the web root by a random name,
served only to those who may see the member's form, never run (issue 11.3)."""

from pathlib import Path

from django.urls import reverse
from django.utils import timezone

from renluyen.core.tests.helpers import text
from renluyen.progress.models import Entry
from renluyen.progress.tests.conftest import jpeg, upload

# The first bytes of a Windows program.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def post_entry(client, year, file, **extra):
    data = {
        "item": year.items[0].pk,
        "done_on": timezone.localdate().isoformat(),
        "text": "Tham gia hiến máu tình nguyện cùng chi đoàn.",
        "link": "",
        **extra,
    }
    if file is not None:
        data["file"] = file
    return client.post(reverse("progress:log", args=[year.enrollment.pk]), data)


def stored_files(evidence_dir) -> list[Path]:
    return [p for p in Path(evidence_dir).rglob("*") if p.is_file()]


def test_an_exe_renamed_jpg_is_refused(year, client_for, evidence_dir):
    response = post_entry(client_for(year.member), year, upload(EXE, name="anh-the.jpg"))
    assert response.status_code == 400
    assert "Chỉ đính kèm được ảnh (JPEG, PNG, WebP) hoặc tệp PDF" in text(response)
    assert not Entry.objects.exists()
    assert stored_files(evidence_dir) == []


def test_html_svg_and_a_fake_image_are_refused(year, client_for, evidence_dir):
    client = client_for(year.member)
    html = b"<html><script>alert(document.cookie)</script></html>"
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    broken = b"\xff\xd8\xff\xe0" + b"not really a jpeg" * 10
    for data, name in ((html, "a.jpg"), (svg, "a.svg"), (broken, "a.jpg")):
        assert post_entry(client, year, upload(data, name=name)).status_code == 400
    assert not Entry.objects.exists()
    assert stored_files(evidence_dir) == []


def test_a_6_mb_file_is_refused(year, client_for, evidence_dir):
    big = b"%PDF-1.4\n" + b"0" * (6 * 1024 * 1024) + b"\n%%EOF\n"
    response = post_entry(client_for(year.member), year, upload(big, name="bao-cao.pdf"))
    assert response.status_code == 400
    assert "Tệp lớn hơn 5 MB" in text(response)
    assert stored_files(evidence_dir) == []


def test_a_path_traversal_file_name_is_only_text(year, client_for, evidence_dir, tmp_path):
    name = "../../../../tmp/evil/../../etc/passwd.jpg"
    response = post_entry(client_for(year.member), year, upload(jpeg(), name=name))
    assert response.status_code == 302
    entry = Entry.objects.get()
    assert entry.original_name == "passwd.jpg"
    assert "passwd" not in entry.file_name and "/" not in entry.file_name
    [stored] = stored_files(evidence_dir)
    assert stored.resolve().is_relative_to(Path(evidence_dir).resolve())
    assert stored.name == entry.file_name
    assert not (tmp_path / "etc").exists()


def test_a_photo_is_re_encoded_and_served_as_a_plain_image(year, client_for, evidence_dir):
    # A real JPEG with a script glued to its end (a polyglot a browser might sniff).
    payload = b"<script>alert(1)</script>"
    client = client_for(year.member)
    assert post_entry(client, year, upload(jpeg(extra=payload), name="x.html")).status_code == 302
    entry = Entry.objects.get()
    [stored] = stored_files(evidence_dir)
    assert payload not in stored.read_bytes()
    response = client.get(reverse("progress:entry_file", args=[entry.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Disposition"] == f'inline; filename="minh-chung-{entry.pk}.jpg"'
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8\xff")


def test_a_pdf_with_html_inside_is_served_as_a_download_never_run(year, client_for):
    pdf = b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n"
    client = client_for(year.member)
    assert (
        post_entry(client, year, upload(pdf, name="a.pdf", content_type="text/html")).status_code
        == 302
    )
    entry = Entry.objects.get()
    assert entry.file_kind == "pdf"
    response = client.get(reverse("progress:entry_file", args=[entry.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_another_members_evidence_url_is_not_found(year, client_for):
    post_entry(client_for(year.member), year, upload(jpeg()))
    url = reverse("progress:entry_file", args=[Entry.objects.get().pk])
    for user in (year.peer.member.user, year.other.member.user, year.outsider, year.secretary_b1):
        assert client_for(user).get(url).status_code == 404, user
    for user in (year.member, year.secretary, year.mentor, year.supervisor, year.federation):
        assert client_for(user).get(url).status_code == 200, user
    assert client_for(year.member).get(url + "x").status_code == 404
