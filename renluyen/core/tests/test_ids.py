"""The one id parser (core.ids) and the <id:...> URL converter: a bad id is a 404 or
is ignored, never a 500 (issue 13, item 7)."""

import pytest
from django.http import Http404
from django.urls import reverse

from renluyen.core.ids import id_or_404, parse_id, parse_ids, parse_version


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        ("12", 12),
        ("0", None),
        ("", None),
        (None, None),
        ("²", None),
        ("١٢", None),  # Arabic-Indic digits: int() reads them, ids are ASCII
        ("-3", None),
        (" 4", None),
        ("1e3", None),
        ("9" * 18, int("9" * 18)),
        ("9" * 19, None),
        ("1" * 25, None),
    ],
)
def test_it_parses_ids(raw, parsed):
    assert parse_id(raw) == parsed


def test_a_list_keeps_the_ids_once_in_order():
    assert parse_ids(["3", "²", "1", "3", "x", "2"]) == [3, 1, 2]


def test_a_missing_version_never_matches():
    assert parse_version("0") == 0
    assert parse_version("7") == 7
    assert parse_version("²") == -1
    assert parse_version(None) == -1


def test_id_or_404():
    assert id_or_404("5") == 5
    with pytest.raises(Http404):
        id_or_404("²")


@pytest.mark.parametrize("bad", ["1" * 25, "9" * 19])
def test_a_url_with_an_id_too_long_for_the_database_is_a_404(client, people, bad):
    client.force_login(people["standing"])
    url = reverse("organizations:unit_detail", args=[1]).replace("/1/", f"/{bad}/")
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("bad", ["²", "1" * 25, "-1", "x"])
def test_bad_ids_in_queries_and_posts_are_never_a_500(client, org, people, bad):
    client.force_login(people["standing"])
    unit = org["base"].pk
    assert client.get(f"/members/?unit={bad}").status_code == 200  # filter ignored
    assert client.get(f"/activities/?program={bad}").status_code == 404
    response = client.post(
        reverse("evaluations:decide", args=[unit]), {"step": "recognize", "branch": [bad]}
    )
    assert response.status_code in (302, 400, 404)


def test_pk_url_builds_what_reverse_gives():
    from django.urls import reverse

    from renluyen.core.ids import pk_url

    url = pk_url("evaluations:member")
    for pk in (1, 42, 123456789012345678):
        assert url(pk) == reverse("evaluations:member", args=[pk])
