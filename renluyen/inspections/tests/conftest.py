import pytest

from renluyen import factories
from renluyen.organizations.models import Role


@pytest.fixture
def inspector(org):
    user = factories.user(first_name="Kiểm", last_name="Phạm Quang")
    factories.role(user, org["base"], Role.INSPECTION)
    return user
