"""One error format for every failure: ``{"error": {"code", "message", "fields"}}``."""

from __future__ import annotations

from typing import Any, NoReturn

from flask import Flask, current_app, jsonify
from apispec.ext.marshmallow import MarshmallowPlugin
from flask_smorest import Api
from marshmallow import Schema, fields
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException, InternalServerError

# Machine-readable codes by status, for errors raised without a code of their own.
CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    500: "internal_error",
}


class ApiError(HTTPException):
    """An HTTP error that carries our code, a sentence for the user and per-field messages."""

    def __init__(
        self, status: int, message: str, *, code: str | None = None,
        fields: dict[str, Any] | None = None, extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(description=message)
        self.code = status
        self.error_code = code or CODES.get(status, "error")
        self.fields = fields or {}
        self.extra = extra or {}


def fail(status: int, message: str, **kwargs: Any) -> NoReturn:
    """Stop the request with a JSON error (see :class:`ApiError`)."""
    raise ApiError(status, message, **kwargs)


class ErrorBodySchema(Schema):
    code = fields.String()
    message = fields.String()
    fields = fields.Dict()


class ErrorSchema(Schema):
    """Documents the error envelope in the OpenAPI spec."""

    error = fields.Nested(ErrorBodySchema)


def error_response(status: int, code: str, message: str, field_errors: dict | None = None,
                   extra: dict | None = None):
    body = {"code": code, "message": message, "fields": field_errors or {}}
    body.update(extra or {})
    return jsonify(error=body), status


def _validation_fields(data: dict[str, Any]) -> dict[str, Any]:
    """Flatten webargs' ``{"json": {...}, "query": {...}}`` into one field map."""
    messages = data.get("messages") or data.get("errors") or {}
    flat: dict[str, Any] = {}
    for location in ("json", "query", "path", "form", "headers"):
        if isinstance(messages.get(location), dict):
            flat.update(messages[location])
    return flat or messages


def _schema_name(schema: Schema | type[Schema]) -> str:
    """OpenAPI component names; a partial (PATCH) variant gets its own name."""
    cls = schema if isinstance(schema, type) else type(schema)
    name = cls.__name__.removesuffix("Schema")
    return f"{name}Partial" if getattr(schema, "partial", False) is True else name


def spec_plugin() -> MarshmallowPlugin:
    return MarshmallowPlugin(schema_name_resolver=_schema_name)


class JsonErrorApi(Api):
    """flask-smorest ``Api`` whose error handler speaks our envelope."""

    ERROR_SCHEMA = ErrorSchema

    def handle_http_exception(self, error: HTTPException):
        if isinstance(error, ApiError):
            return error_response(error.code, error.error_code, error.description,
                                  error.fields, error.extra)
        status = error.code or 500
        data = getattr(error, "data", None) or {}
        field_errors = _validation_fields(data) if status == 422 else {}
        message = data.get("message") or _plain_message(error, status)
        headers = data.get("headers") or {}
        response, status = error_response(status, CODES.get(status, "error"), message, field_errors)
        if status == 405 and hasattr(error, "valid_methods") and error.valid_methods:
            headers = {**headers, "Allow": ", ".join(error.valid_methods)}
        response.headers.extend(headers)
        return response, status


def _plain_message(error: HTTPException, status: int) -> str:
    """A sentence for errors raised by Flask or webargs rather than by our own views."""
    if status == 422:
        return "Some fields are invalid."
    if status == 400 and getattr(error, "data", None):
        return "The request body is not valid JSON."
    return error.description or error.name


def init_app(app: Flask) -> None:
    """Catch what no view handled so that a client never sees a traceback or an HTML page."""

    @app.errorhandler(IntegrityError)
    def conflict(error: IntegrityError):
        # A unique key lost a race that the view's own check could not see coming.
        from server.extensions import db

        db.session.rollback()
        return error_response(409, "conflict", "This conflicts with a record that already exists.")

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        current_app.logger.exception("unhandled error")
        return error_response(500, "internal_error", InternalServerError.description)
