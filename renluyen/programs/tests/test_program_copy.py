"""The "Sao chép sang năm học mới" page: copy a program into a new school year."""

from datetime import date

from django.urls import reverse

from renluyen.audit.models import Event
from renluyen.programs.models import Criterion, Program, ProgramStatus


def url(program):
    return reverse("programs:program_copy", args=[program.pk])


def test_it_offers_the_next_school_year(program, people, client_for):
    response = client_for(people["standing"]).get(url(program))
    assert response.status_code == 200
    assert "Sao chép sang năm học mới" in response.content.decode()
    assert response.context["form"]["school_year"].value() == "2021-2022"


def test_standing_committee_copies_2020_into_2021(program, people, client_for):
    response = client_for(people["standing"]).post(url(program), {"school_year": "2021-2022"})

    copy = Program.objects.get(unit=program.unit, school_year="2021-2022")
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:program_detail", args=[copy.pk])
    assert copy.status == ProgramStatus.DRAFT
    assert copy.name == "Chương trình rèn luyện đoàn viên năm học 2021 - 2022"
    assert copy.copied_from == program
    assert [a.title for a in copy.areas.order_by("number")] == [
        a.title for a in program.areas.order_by("number")
    ]
    criteria = Criterion.objects.filter(area__program=copy)
    assert criteria.count() == 25
    assert set(criteria.exclude(member_type="").values_list("code", "member_type")) == set(
        Criterion.objects.filter(area__program=program)
        .exclude(member_type="")
        .values_list("code", "member_type")
    )
    assert criteria.exclude(member_type="").count() == 3
    assert (copy.registration_deadline, copy.evaluation_deadline, copy.report_deadline) == (
        date(2021, 10, 18),
        date(2022, 5, 30),
        date(2022, 6, 1),
    )
    assert (copy.self_review_start, copy.self_review_end, copy.evaluation_start) == (
        date(2022, 3, 1),
        date(2022, 3, 31),
        date(2022, 5, 1),
    )
    event = Event.objects.get(verb="program.copy")
    assert event.actor == people["standing"]
    assert event.object_id == str(copy.pk)


def test_it_accepts_spaces_and_an_en_dash(program, people, client_for):
    client_for(people["standing"]).post(url(program), {"school_year": " 2022 – 2023 "})
    assert Program.objects.filter(school_year="2022-2023").exists()


def test_copying_into_an_existing_year_is_refused_in_vietnamese(draft, program, people, client_for):
    response = client_for(people["standing"]).post(url(program), {"school_year": "2021-2022"})

    assert response.status_code == 200
    assert "Năm học 2021-2022 đã có chương trình; hãy sửa chương trình đó." in (
        response.content.decode()
    )
    assert Program.objects.filter(school_year="2021-2022").count() == 1
    assert Event.objects.filter(verb="program.copy").count() == 1  # the draft fixture's


def test_a_badly_written_year_is_refused_in_vietnamese(program, people, client_for):
    for bad in ("2021", "2021-2023", "21-22", ""):
        response = client_for(people["standing"]).post(url(program), {"school_year": bad})
        assert response.status_code == 200
        errors = response.context["form"].errors["school_year"]
        assert errors == [
            "Trường này là bắt buộc."
            if bad == ""
            else "Năm học phải có dạng 2021-2022 (hai năm liền nhau)."
        ]
    assert Program.objects.count() == 1


def test_a_branch_secretary_may_see_but_not_copy(program, people, client_for):
    client = client_for(people["secretary_a1"])
    assert client.get(reverse("programs:program_detail", args=[program.pk])).status_code == 200
    assert client.get(url(program)).status_code == 403
    assert client.post(url(program), {"school_year": "2021-2022"}).status_code == 403
    assert Program.objects.count() == 1


def test_another_base_union_gets_404(program, outsider, client_for):
    client = client_for(outsider)
    assert client.get(url(program)).status_code == 404
    assert client.post(url(program), {"school_year": "2021-2022"}).status_code == 404
    assert Program.objects.count() == 1


def test_an_anonymous_visitor_is_sent_to_log_in(program, client):
    response = client.post(url(program), {"school_year": "2021-2022"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Program.objects.count() == 1
