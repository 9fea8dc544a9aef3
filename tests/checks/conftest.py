"""The checks tests' people: a coordinator, and a test client signed in as them."""
import pytest

from sanctuary.accounts.models import Role
from tests.factories import make_user
from tests.support.client import sign_in


@pytest.fixture
def coordinator(app):
    return make_user(roles=[Role.COORDINATOR], password="c" * 12)


@pytest.fixture
def staff(app, coordinator):
    client = app.test_client()
    sign_in(client, coordinator)
    return client
