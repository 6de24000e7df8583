"""Exceptions the cadence library raises, each carrying what a caller needs to tell the user."""

from __future__ import annotations


class CadenceError(ValueError):
    """A cadence, step or schedule breaks a rule; `field` names the offending input for a 422."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message

    def at(self, prefix: str) -> CadenceError:
        """Re-anchor the error under a parent field, e.g. `delay_days` -> `steps[2].delay_days`."""
        return CadenceError(f"{prefix}.{self.field}", self.message)


class TemplateError(ValueError):
    """A template cannot be rendered; `field` is the merge field to blame (e.g. `contact.title`).

    `field` is None for syntax errors, which are about the template rather than one value.
    """

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message


class TransitionError(ValueError):
    """An event is not allowed in the enrollment's current status (the server answers 409)."""

    def __init__(self, status: str, event: str, message: str) -> None:
        super().__init__(f"cannot apply {event} to a {status} enrollment: {message}")
        self.status = status
        self.event = event
        self.message = message
