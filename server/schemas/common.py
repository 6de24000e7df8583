"""Building blocks shared by every schema: safe strings, strict schemas, pagination."""

from __future__ import annotations

from datetime import date
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from server.models.types import INT_MAX, INT_MIN, OUT_OF_RANGE, fits_integer

NUL_MESSAGE = "Must not contain NUL characters."  # PostgreSQL stores no NUL in text or jsonb
SURROGATE_MESSAGE = "Must be valid Unicode (no lone surrogates)."


def has_lone_surrogate(text: str) -> bool:
    """JSON may carry half a UTF-16 pair; no database stores one."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class Text(fields.String):
    """A string that the database will always accept: bounded, valid UTF-8, no NUL."""

    def __init__(self, *, max_length: int = 300, **kwargs: Any) -> None:
        self.max_length = max_length
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in text:
            raise ValidationError(NUL_MESSAGE)
        if has_lone_surrogate(text):
            raise ValidationError(SURROGATE_MESSAGE)
        text = text.strip()
        if len(text) > self.max_length:
            raise ValidationError(f"Longer than {self.max_length} characters.")
        return text


def Choice(choices: tuple[str, ...], **kwargs: Any) -> Text:
    return Text(validate=validate.OneOf(choices), **kwargs)


_STORABLE = validate.Range(min=INT_MIN, max=INT_MAX, error=OUT_OF_RANGE)
# Times far outside any sales history overflow Python's datetimes once shifted to UTC or by a day.
YEARS = range(1900, 2200)
YEARS_MESSAGE = f"Must be in the years {YEARS.start}–{YEARS.stop - 1}."


def _in_our_years(value: date) -> date:
    """A date or time (aware or not) whose year ``YEARS`` holds; ValidationError otherwise."""
    if value.year not in YEARS:
        raise ValidationError(YEARS_MESSAGE)
    return value


class StrictSchema(Schema):
    """Unknown fields are an error, not silently dropped; numbers and times must fit."""

    class Meta:
        unknown = RAISE

    def on_bind_field(self, field_name: str, field_obj: fields.Field) -> None:
        """Every integer a client sends (in a list too) must fit an INTEGER column, and every
        date or time ``YEARS``: otherwise they fail in the database or in date arithmetic, a
        500 instead of a field error."""
        inner = field_obj.inner if isinstance(field_obj, fields.List) else field_obj
        guard = (_STORABLE if isinstance(inner, fields.Integer) and not _bounded(inner)
                 else _in_our_years if isinstance(inner, (fields.Date, fields.DateTime)) else None)
        if guard is not None:
            inner.validators = [*inner.validators, guard]  # the list is shared between copies


def _bounded(field: fields.Integer) -> bool:
    """Whether the field's own range already keeps it within an INTEGER (one message, not two)."""
    return any(isinstance(v, validate.Range) and v.min is not None and v.max is not None
               and fits_integer(v.min) and fits_integer(v.max) for v in field.validators)


class PageArgs(StrictSchema):
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))
    cursor = Text(max_length=64, load_default=None)


def page_of(item_schema: type[Schema]) -> type[Schema]:
    """A ``{"items": [...], "next_cursor": ...}`` envelope for ``item_schema``."""
    return Schema.from_dict(
        {"items": fields.List(fields.Nested(item_schema)), "next_cursor": fields.String(allow_none=True)},
        name=f"{item_schema.__name__.removesuffix('Schema')}PageSchema",
    )


class UserRefSchema(Schema):
    id = fields.Integer()
    name = fields.String()
