"""Fixtures shared by the whole suite: apps on SQLite and PostgreSQL, clients, factories."""

from __future__ import annotations

import pytest
from flask_migrate import upgrade

from server import create_app
from server.extensions import db
from server.services.lead_value import forget_calibration
from tests import databases
from tests.ci import IN_CI
from tests.databases import make_config
from tests.factories import Factory

POSTGRES = databases.postgres_server_url()
BACKENDS = ["sqlite", "postgresql"]


def pytest_sessionstart(session: pytest.Session) -> None:
    if IN_CI and POSTGRES is None:
        raise pytest.UsageError("CI=true but no PostgreSQL answers: the PostgreSQL tests may not be skipped.")


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request) -> str:
    if request.param == "postgresql" and POSTGRES is None:
        pytest.skip("no PostgreSQL server (set SIDEKICK_TEST_POSTGRES_URL)")
    return request.param


@pytest.fixture(scope="session")
def database_url(backend: str, tmp_path_factory):
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'sidekick.db'}"
        return
    url = databases.create_postgres_database(POSTGRES)
    yield url
    databases.drop_postgres_database(POSTGRES, url)


@pytest.fixture(scope="session")
def session_app(database_url: str, tmp_path_factory):
    """One app per database, migrated once with the real Alembic migrations."""
    app = create_app(make_config(tmp_path_factory.mktemp("app"), database_url))
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def app(session_app):
    with session_app.app_context():
        yield session_app
        db.session.remove()
        databases.empty_all_tables(db)
        forget_calibration()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make(app) -> Factory:
    """Factories for teams, users, companies, contacts, deals and activities."""
    return Factory()


@pytest.fixture
def as_user(client):
    """``as_user(user).get(...)``: the test client with that user's bearer token."""
    return lambda user: AuthedClient(client, user.plain_token)


class AuthedClient:
    def __init__(self, client, token: str) -> None:
        self.client, self.headers = client, {"Authorization": f"Bearer {token}"}

    def __getattr__(self, method: str):
        call = getattr(self.client, method)
        return lambda *args, **kwargs: call(*args, headers={**self.headers, **kwargs.pop("headers", {})},
                                            **kwargs)
