"""Marshmallow schemas: the single source of validation and of the OpenAPI spec."""
