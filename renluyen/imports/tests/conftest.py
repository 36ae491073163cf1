import pytest

from renluyen.programs.models import Program, ProgramStatus


@pytest.fixture
def program(org):
    return make_program(org["base"])


def make_program(base, *, school_year="2020-2021", status=ProgramStatus.OPEN):
    return Program.objects.create(
        unit=base,
        school_year=school_year,
        name=f"Chương trình rèn luyện đoàn viên {school_year}",
        status=status,
        registration_deadline="2020-10-18",
        self_review_start="2021-01-01",
        self_review_end="2021-01-31",
        evaluation_start="2021-05-01",
        evaluation_deadline="2021-05-30",
        report_deadline="2021-06-01",
    )


@pytest.fixture
def codes(org):
    """Give the branches readable codes, as a real school would."""
    for key, code in (("branch_a1", "CD-A1"), ("branch_a2", "CD-A2"), ("branch_b1", "CD-B1")):
        org[key].code = code
        org[key].save()
    org["fed_a"].code = "LCD-A"
    org["fed_a"].save()
    return org


@pytest.fixture
def office_client(client, people, codes, program):
    client.force_login(people["office"])
    return client
