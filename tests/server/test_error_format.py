"""Every endpoint that takes a JSON body answers bad input with a 4xx JSON error, never a 500.

The endpoints come from the OpenAPI spec, so a new write endpoint is covered the day it lands.
"""

from __future__ import annotations

import base64
import re

import pytest
import webargs.core

from server import create_app
from tests.conftest import make_config

WIDE = 2**31  # one more than an INTEGER column holds on PostgreSQL

HOSTILE_STRINGS = {
    "nul": "a\x00b",
    "lone surrogate": "\ud800",
    "huge": "x" * 1_000_000,
}


def write_endpoints(app) -> list[tuple[str, str, dict]]:
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    endpoints = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method not in {"post", "put", "patch"}:
                continue
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                schema = content["application/json"]["schema"]
                ref = schema.get("$ref", "").rsplit("/", 1)[-1]
                properties = spec["components"]["schemas"].get(ref, schema).get("properties", {})
                endpoints.append((method.upper(), path, properties))
    return endpoints


def spec_parameters(app, where: str) -> list[tuple[str, str, dict]]:
    """(path, name, schema) of every parameter ``where`` ("query" or "path") in the spec."""
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    found = {}
    for path, operations in spec["paths"].items():
        for parameter in [*operations.get("parameters", []),
                          *(p for op in operations.values() if isinstance(op, dict) for p in op.get("parameters", []))]:
            if parameter["in"] == where:
                found[path, parameter["name"]] = parameter["schema"]
    return [(path, name, schema) for (path, name), schema in sorted(found.items())]


def out_of_range(schema: dict) -> object | None:
    """A value of the schema's type that no column should take, or None for other types."""
    if schema.get("type") == "integer":
        return WIDE
    if schema.get("type") == "array" and schema.get("items", {}).get("type") == "integer":
        return [WIDE]
    return {"date-time": "9999-12-31T23:59:59-14:00", "date": "0001-01-01"}.get(schema.get("format"))


@pytest.fixture
def admin(make):
    return make.user("admin")


@pytest.fixture
def url_for_path(make, admin):
    """Fill path parameters with records that exist, so validation is what is tested."""
    company = make.company(owner=admin)
    ids = {"company_id": company.id, "contact_id": make.contact(company=company, owner=admin).id,
           "deal_id": make.deal(company=company, owner=admin).id,
           "activity_id": make.activity(admin, company_id=company.id).id}
    return lambda path: re.sub(r"\{(\w+)\}", lambda m: str(ids.get(m.group(1), 1)), path)


def assert_json_client_error(response, *statuses: int) -> dict:
    assert response.status_code in (statuses or range(400, 500)), response.data[:300]
    body = response.get_json()
    assert set(body["error"]) >= {"code", "message", "fields"}, body
    assert body["error"]["message"]
    return body["error"]


def test_spec_lists_the_write_endpoints(app):
    paths = {(m, p) for m, p, _ in write_endpoints(app)}
    assert ("POST", "/api/v1/companies") in paths
    assert ("POST", "/api/v1/activities") in paths


def test_malformed_json_is_400(app, as_user, admin, url_for_path):
    for method, path, _ in write_endpoints(app):
        response = getattr(as_user(admin), method.lower())(
            url_for_path(path), data='{"name": ', content_type="application/json")
        error = assert_json_client_error(response, 400)
        assert "JSON" in error["message"], (method, path)


def test_nan_and_infinity_are_not_json(app, as_user, admin, url_for_path):
    for method, path, _ in write_endpoints(app):
        for number in ("NaN", "Infinity", "-Infinity"):
            response = getattr(as_user(admin), method.lower())(
                url_for_path(path), data=f'{{"x": {number}}}', content_type="application/json")
            assert "JSON" in assert_json_client_error(response, 400)["message"], (method, path)


def test_schemas_read_the_body_the_check_parsed(as_user, admin, monkeypatch):
    def second_parse(*args, **kwargs):
        raise AssertionError("the JSON body was parsed a second time")

    monkeypatch.setattr(webargs.core, "parse_json", second_parse)
    response = as_user(admin).post("/api/v1/companies", json={"domain": "https://www.parsed-once.co.uk/"})
    assert response.status_code == 201, response.get_json()


def test_json_that_is_not_an_object_is_rejected(app, as_user, admin, url_for_path):
    for method, path, _ in write_endpoints(app):
        for body in ("[1, 2]", '"text"', "42", "null"):
            response = getattr(as_user(admin), method.lower())(
                url_for_path(path), data=body, content_type="application/json")
            assert_json_client_error(response)


def test_unknown_fields_are_named(app, as_user, admin, url_for_path):
    for method, path, _ in write_endpoints(app):
        response = getattr(as_user(admin), method.lower())(url_for_path(path),
                                                           json={"no_such_field": 1})
        error = assert_json_client_error(response)
        if response.status_code == 422:
            assert "no_such_field" in error["fields"], (method, path, error)


def test_wrong_types_are_422_per_field(app, as_user, admin, url_for_path):
    for method, path, properties in write_endpoints(app):
        for name in properties:
            response = getattr(as_user(admin), method.lower())(url_for_path(path),
                                                               json={name: {"wrong": [[]]}})
            error = assert_json_client_error(response)
            if response.status_code == 422:
                assert name in error["fields"], (method, path, name, error["fields"])


def test_numbers_and_times_out_of_range_are_422_per_field(app, as_user, admin, url_for_path):
    checked = set()
    for method, path, properties in write_endpoints(app):
        for name, prop in properties.items():
            value = out_of_range(prop)
            if value is None:
                continue
            response = getattr(as_user(admin), method.lower())(url_for_path(path), json={name: value})
            error = assert_json_client_error(response, 422)
            assert name in error["fields"], (method, path, name, error["fields"])
            checked.add(prop.get("format", prop["type"]))
    assert checked == {"integer", "array", "date-time", "date"}


def test_query_numbers_and_times_out_of_range_are_422_per_field(app, as_user, admin, url_for_path):
    parameters = [(path, name, out_of_range(schema)) for path, name, schema in spec_parameters(app, "query")]
    names = {(path, name) for path, name, value in parameters if value is not None}
    assert {("/api/v1/queue", "rep_id"), ("/api/v1/queue", "date"), ("/api/v1/feed", "since")} <= names
    for path, name, value in parameters:
        if value is not None:
            response = as_user(admin).get(url_for_path(path), query_string={name: value})
            error = assert_json_client_error(response, 422)
            assert name in error["fields"], (path, name, error["fields"])


def test_ids_beyond_an_integer_column_in_a_path_name_nothing(app, as_user, admin):
    paths = {path for path, _, schema in spec_parameters(app, "path") if schema["type"] == "integer"}
    assert "/api/v1/contacts/{contact_id}/timeline" in paths
    for path in paths:
        url = re.sub(r"\{(\w+)\}", lambda m: str(WIDE) if m.group(1).endswith("_id") else "pause", path)
        for method in ("get", "post", "patch", "delete"):
            assert_json_client_error(getattr(as_user(admin), method)(url), 404, 405)


@pytest.mark.parametrize("path,cursor", [
    ("/api/v1/companies", f"id:{WIDE}"),
    ("/api/v1/contacts/{contact_id}/timeline", f"2026-01-01T00:00:00+00:00|event|{WIDE}"),
])
def test_a_cursor_beyond_an_integer_column_is_not_ours(as_user, admin, url_for_path, path, cursor):
    encoded = base64.urlsafe_b64encode(cursor.encode()).decode()
    response = as_user(admin).get(url_for_path(path), query_string={"cursor": encoded})
    assert assert_json_client_error(response, 422)["fields"] == {"cursor": ["Invalid cursor."]}


@pytest.mark.parametrize("kind", HOSTILE_STRINGS)
def test_hostile_strings_never_reach_the_database(app, as_user, admin, url_for_path, kind):
    for method, path, properties in write_endpoints(app):
        for name, prop in properties.items():
            if prop.get("type") != "string":
                continue
            response = getattr(as_user(admin), method.lower())(
                url_for_path(path), json={name: HOSTILE_STRINGS[kind]})
            assert_json_client_error(response)


def test_valid_unicode_round_trips(as_user, admin):
    name = "Zürich ☃ شركة\u200f 株式会社 \u200bAcme 👩🏽‍💼"
    response = as_user(admin).post("/api/v1/companies", json={"domain": "https://www.unicode-test.co.uk/x", "name": name})
    assert response.status_code == 201
    assert response.get_json()["name"] == name


def test_form_body_is_415(app, as_user, admin, url_for_path):
    for method, path, _ in write_endpoints(app):
        response = getattr(as_user(admin), method.lower())(url_for_path(path), data={"a": "b"})
        assert_json_client_error(response, 415)


def test_body_over_the_limit_is_413(as_user, admin, app):
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 10)
    response = as_user(admin).post("/api/v1/companies", data=big, content_type="application/json")
    assert_json_client_error(response, 413)


@pytest.mark.parametrize("method,path,status", [
    ("GET", "/api/v1/nothing-here", 404), ("PUT", "/api/v1/companies", 405),
    ("GET", "/api/v1/companies/999999", 404), ("GET", "/api/v1/companies?limit=100000", 422),
    ("GET", "/api/v1/companies?cursor=not-ours", 422), ("GET", "/api/v1/companies?limit=0", 422),
])
def test_other_errors_are_json_too(as_user, admin, method, path, status):
    response = getattr(as_user(admin), method.lower())(path)
    assert_json_client_error(response, status)


def test_unexpected_exception_is_a_json_500_without_traceback(tmp_path):
    app = create_app(make_config(tmp_path, f"sqlite:///{tmp_path / 'x.db'}"))

    @app.get("/boom-for-test")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom-for-test")
    assert response.status_code == 500
    body = response.get_json()
    assert body["error"]["code"] == "internal_error"
    assert "secret internals" not in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)
