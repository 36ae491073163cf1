import pytest

from renluyen.dashboards.tests import school as school_module


@pytest.fixture
def school(org, people):
    return school_module.build(org, people)
