"""Building blocks shared by every schema: safe strings, strict schemas, pagination."""

from __future__ import annotations

from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate

NUL_MESSAGE = "Must not contain NUL characters."  # PostgreSQL stores no NUL in text or jsonb


class Text(fields.String):
    """A string that the database will always accept: bounded, valid UTF-8, no NUL."""

    def __init__(self, *, max_length: int = 300, **kwargs: Any) -> None:
        self.max_length = max_length
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in text:
            raise ValidationError(NUL_MESSAGE)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as error:
            raise ValidationError("Must be valid Unicode (no lone surrogates).") from error
        text = text.strip()
        if len(text) > self.max_length:
            raise ValidationError(f"Longer than {self.max_length} characters.")
        return text


def Choice(choices: tuple[str, ...], **kwargs: Any) -> Text:
    return Text(validate=validate.OneOf(choices), **kwargs)


class StrictSchema(Schema):
    """Unknown fields are an error, not silently dropped."""

    class Meta:
        unknown = RAISE


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
