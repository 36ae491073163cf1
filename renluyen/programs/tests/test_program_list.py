from renluyen.programs.services import program_load_2020


def test_it_lists_the_programs_of_the_users_own_base_union(client_for, program, people, outsider):
    other = program_load_2020(unit=outsider.role_assignments.get().unit)
    html = client_for(people["secretary_a1"]).get("/programs/").content.decode()
    assert program.name in html
    assert f"/programs/{program.pk}/" in html
    assert f"/programs/{other.pk}/" not in html


def test_a_member_without_a_role_sees_their_base_unions_program(client_for, program, org):
    from renluyen import factories

    member = factories.member(branch=org["branch_b1"], user=factories.user())
    html = client_for(member.user).get("/programs/").content.decode()
    assert f"/programs/{program.pk}/" in html


def test_its_query_count_does_not_grow_with_programs(
    client_for, program, people, draft, django_assert_max_num_queries
):
    client = client_for(people["standing"])
    with django_assert_max_num_queries(6):
        html = client.get("/programs/").content.decode()
    assert f"/programs/{program.pk}/" in html and f"/programs/{draft.pk}/" in html
