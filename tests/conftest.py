import pytest
from django.core.cache import cache

from .utils import make_catalogue, make_classifications, make_organisation


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def catalogue(db):
    return make_catalogue()


@pytest.fixture
def organisation(db):
    return make_organisation()


@pytest.fixture
def classifications(db):
    return make_classifications()


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.com", "password")
    client.force_login(user)
    return client
