"""Checking one posted event: every bad field named at once, strings safe for the database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from server.extensions import db
from server.models.engagement import EngagementEvent
from server.models.types import OUT_OF_RANGE
from server.schemas.event_in import NOBODY, InvalidEvent, load_event


def problems(raw) -> dict[str, list[str]]:
    with pytest.raises(InvalidEvent) as invalid:
        load_event(raw)
    return invalid.value.fields


def test_every_bad_field_is_named_at_once():
    fields = problems({"event_id": "", "type": "telepathy", "contact_id": "seven", "colour": "red"})
    assert set(fields) == {"event_id", "type", "contact_id", "colour"}


def test_an_event_must_name_a_contact_or_a_company():
    assert problems({"event_id": "e1", "type": "email_open"}) == {"contact_id": [NOBODY]}


@pytest.mark.parametrize("raw", ["not an object", None, 7, ["a", "list"]])
def test_something_other_than_an_object_is_refused_as_a_whole(raw):
    assert problems(raw) == {"_schema": ["An event is a JSON object."]}


@pytest.mark.parametrize("field", ["contact_id", "company_id"])
def test_an_id_beyond_an_integer_column_is_refused(field):
    raw = {"event_id": "e1", "type": "email_open", field: 2**31}
    assert problems(raw) == {field: [OUT_OF_RANGE]}
    assert getattr(load_event({**raw, field: 2**31 - 1}), field) == 2**31 - 1


def test_true_is_not_an_id():
    assert "contact_id" in problems({"event_id": "e1", "type": "email_open", "contact_id": True})


def test_strings_are_stripped_and_bounded():
    event = load_event({"event_id": "  e1 ", "type": "website_visit", "domain": " acme.test ",
                        "properties": {" path ": "/pricing"}})
    assert (event.event_id, event.domain, event.properties) == ("e1", "acme.test", {"path": "/pricing"})
    assert "event_id" in problems({"event_id": "x" * 101, "type": "email_open", "contact_id": 1})
    assert "event_id" in problems({"event_id": "   ", "type": "email_open", "contact_id": 1})


@pytest.mark.parametrize(("field", "value"), [
    ("event_id", "e\x00"), ("properties", {"k\x00": 1}), ("properties", {"k": ["a\x00"]}),
    ("source", "\ud800"), ("properties", {"k": "\ud800"}), ("properties", {"k": [{"deep": "a\udfff"}]}),
])
def test_nul_characters_and_lone_surrogates_are_refused(field, value):
    event = {"event_id": "e1", "type": "email_open", "contact_id": 1, field: value}
    assert list(problems(event)) == [field]


def test_a_backslash_written_out_is_not_a_nul():
    event = load_event({"event_id": "e1", "type": "email_open", "contact_id": 1,
                        "properties": {"note": "\\u0000"}})
    assert event.properties == {"note": "\\u0000"}


@pytest.mark.parametrize("when", ["2026-11-27T10:00:00", 1795600000, "1795600000"])
def test_times_are_iso_8601_with_a_zone(when):
    assert "occurred_at" in problems({"event_id": "e1", "type": "email_open", "contact_id": 1,
                                      "occurred_at": when})


def test_times_are_kept_in_utc():
    event = load_event({"event_id": "e1", "type": "email_open", "contact_id": 1,
                        "occurred_at": "2026-11-27T10:00:00+02:00"})
    assert event.occurred_at == datetime(2026, 11, 27, 8, tzinfo=UTC) and event.occurred_at.tzinfo is UTC


@pytest.mark.parametrize("path", [7, None, ["/pricing"], {"p": "/pricing"}, True])
def test_a_path_that_is_not_text_is_refused(path):
    raw = {"event_id": "e1", "type": "website_visit", "contact_id": 1, "properties": {"path": path}}
    assert problems(raw) == {"properties": ['A path is text, such as "/pricing".']}


def test_a_bad_email_is_refused():
    assert "email" in problems({"event_id": "e1", "type": "form_submitted", "email": "not-an-email"})


@pytest.mark.parametrize("note", ["a\x00b", "a\ud800b"], ids=["nul", "lone surrogate"])
def test_what_jsonb_cannot_hold_in_properties_sinks_only_its_own_event(post_events, rep, lead_at, note):
    contact = lead_at("small", owner=rep)
    body = post_events(rep, {"event_id": "bad", "type": "email_open", "contact_id": contact.id,
                             "properties": {"note": note}},
                       {"event_id": "fine", "type": "email_open", "contact_id": contact.id,
                        "properties": {"note": "Zürich 😀 \ud7ff"}}).get_json()
    assert (body["created"], body["rejected"]) == (1, 1)
    assert body["errors"][0]["event_id"] == "bad" and "properties" in body["errors"][0]["fields"]
    assert db.session.query(EngagementEvent.event_id).all() == [("fine",)]
