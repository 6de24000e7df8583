"""The app as a whole: configuration, health, the caller's identity and the API docs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from server.config import Config, ConfigError

ROOT = Path(__file__).resolve().parents[2]


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    with pytest.raises(ConfigError, match="SIDEKICK_SECRET_KEY"):
        Config(ENV="production", INSTANCE_PATH=str(tmp_path)).to_flask()


def test_development_generates_a_private_secret_once(tmp_path):
    first = Config(INSTANCE_PATH=str(tmp_path)).to_flask()["SECRET_KEY"]
    assert Config(INSTANCE_PATH=str(tmp_path)).to_flask()["SECRET_KEY"] == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_settings_come_from_sidekick_variables(tmp_path):
    config = Config.from_env({"SIDEKICK_PORT": "6001", "SIDEKICK_SMTP_STARTTLS": "true",
                              "SIDEKICK_INSTANCE_PATH": str(tmp_path), "OTHER_PORT": "1"})
    assert (config.PORT, config.SMTP_STARTTLS, config.INSTANCE_PATH) == (6001, True, str(tmp_path))


def test_healthz_checks_the_database(client):
    assert client.get("/healthz").get_json() == {"status": "ok", "database": "ok"}


def test_me_describes_the_caller(as_user, make):
    team = make.team()
    user = make.user("manager", team, timezone="Europe/Berlin")
    assert as_user(user).get("/api/v1/me").get_json() == {
        "id": user.id, "name": user.name, "email": user.email, "role": "manager",
        "team_id": team.id, "timezone": "Europe/Berlin"}


def test_openapi_spec_and_docs_are_served_without_a_cdn(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "/api/v1/companies/{company_id}/claim" in spec["paths"]
    page = client.get("/api/docs").get_data(as_text=True)
    assert "http" not in page.replace('charset="utf-8"', "")
    with client.get("/api/docs/assets/swagger-ui-bundle.js") as asset:
        assert asset.status_code == 200


def test_the_production_entry_point_serves_with_its_start_up_objects_frozen(tmp_path):
    environment = {**os.environ, "SIDEKICK_ENV": "production", "SIDEKICK_SECRET_KEY": "s" * 40,
                   "SIDEKICK_INSTANCE_PATH": str(tmp_path),
                   "SIDEKICK_DATABASE_URL": f"sqlite:///{tmp_path / 'wsgi.db'}"}
    probe = ("import gc, json; from server.wsgi import app; "
             "print(json.dumps([gc.get_freeze_count(), app.test_client().get('/healthz').status_code]))")
    done = subprocess.run([sys.executable, "-c", probe], env=environment, cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=True)
    frozen, health = json.loads(done.stdout.splitlines()[-1])
    assert frozen > 100_000
    assert health == 200
