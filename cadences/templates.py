"""Email templates with merge fields, rendered in a Jinja sandbox that sees only prospect data.

Plain-text bodies are rendered without autoescaping (`render_text`): escaping would put `&amp;`
into a text email. `render_html` autoescapes, for HTML bodies. A value that is absent, None or
empty counts as missing: printing it raises TemplateError naming the field (`contact.title`),
while `| default(...)`, `{% if %}` and `is defined` may test for it.

Jinja's sandbox stops reaching Python's internals, not a template that grows without bound
(`{{ 'x' * 10**9 }}`, `'%09999999d' % 1`, `'x'.ljust(10**9)`, loops within loops): any author
could take a worker's memory or time. So a merge template may not multiply, format, call or
nest loops; a loop runs over merge data; filters come from a short list; and the rendered text
is capped.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache

from jinja2 import StrictUndefined, Undefined, nodes
from jinja2 import exceptions as jinja_errors
from jinja2.environment import Template
from jinja2.meta import find_undeclared_variables
from jinja2.sandbox import SandboxedEnvironment

from cadences.errors import TemplateError

MERGE_NAMES = frozenset({"contact", "company", "rep", "unsubscribe_url"})
SAFE_FILTERS = frozenset({
    "default", "d", "upper", "lower", "title", "capitalize", "trim", "striptags", "truncate",
    "first", "last", "length", "count", "join", "sort", "string", "int", "round", "abs",
    "e", "escape", "urlencode", "wordcount",
})
MAX_RENDERED = 200_000  # characters: ten times the longest step body a rep would write
# Constructs whose output or work can outgrow the template: named for the author.
_UNBOUNDED = {nodes.Mul: "multiplying (*)", nodes.Pow: "raising to a power (**)",
              nodes.Mod: "formatting with %", nodes.Call: "calling a function or method",
              nodes.Macro: "defining a macro", nodes.CallBlock: "a call block"}


@dataclass(frozen=True)
class MergeContext:
    """The only values a template may read: the contact, their company, the sending rep."""

    contact: Mapping[str, object]
    company: Mapping[str, object] = field(default_factory=dict)
    rep: Mapping[str, object] = field(default_factory=dict)
    unsubscribe_url: str | None = None

    def variables(self) -> dict[str, object]:
        values: dict[str, object] = {
            name: _Record(name, getattr(self, name)) for name in ("contact", "company", "rep")
        }
        if self.unsubscribe_url:
            values["unsubscribe_url"] = self.unsubscribe_url
        return values


@dataclass(frozen=True)
class Preview:
    """A rendering for the rep to look at, with placeholders like `[contact.title]` for gaps."""

    text: str
    missing_fields: tuple[str, ...]


class _Record:
    """Read-only merge values that know their path, so a missing one can be named."""

    __slots__ = ("_path", "_values")

    def __init__(self, path: str, values: Mapping[str, object]) -> None:
        self._path = path
        self._values = values

    def __getitem__(self, key: str) -> object:
        value = self._values.get(key)
        if value is None or value == "":
            raise KeyError(key)
        if isinstance(value, Mapping):
            return _Record(f"{self._path}.{key}", value)
        return value

    def __str__(self) -> str:
        raise TemplateError(self._path, "is a group of fields; name one, e.g. contact.first_name")


class _MissingField(StrictUndefined):
    """Refuses to print a missing value, naming it; stays falsy so `{% if %}` can test it."""

    __slots__ = ()

    def __bool__(self) -> bool:
        return False

    @property
    def field(self) -> str:
        owner = self._undefined_obj
        if isinstance(owner, _Record):
            return f"{owner._path}.{self._undefined_name}"
        return str(self._undefined_name)

    def _fail_with_undefined_error(self, *args: object, **kwargs: object) -> None:
        if self._undefined_hint is not None:  # the sandbox's refusals carry their own message
            super()._fail_with_undefined_error(*args, **kwargs)
        raise TemplateError(self.field, "has no value for this contact")

    # StrictUndefined binds these to its own method; point them at the override above.
    __str__ = __iter__ = __len__ = __contains__ = _fail_with_undefined_error
    # Equality stays lenient, so `{% if contact.title == "CEO" %}` is simply false.
    __eq__, __ne__, __hash__ = Undefined.__eq__, Undefined.__ne__, Undefined.__hash__


_preview_gaps: ContextVar[list[str]] = ContextVar("_preview_gaps")


class _PreviewGap(_MissingField):
    """Prints a missing value as `[field]` and notes it, so a preview shows every gap at once."""

    __slots__ = ()

    def __str__(self) -> str:
        if self._undefined_hint is not None:
            self._fail_with_undefined_error()
        _preview_gaps.get().append(self.field)
        return f"[{self.field}]"


def _environment(undefined: type[StrictUndefined], autoescape: bool) -> SandboxedEnvironment:
    environment = SandboxedEnvironment(
        undefined=undefined, autoescape=autoescape, keep_trailing_newline=True
    )
    environment.globals.clear()  # no range/lipsum/cycler: templates see merge values only
    return environment


_TEXT = _environment(_MissingField, autoescape=False)
_HTML = _environment(_MissingField, autoescape=True)
_PREVIEW = _environment(_PreviewGap, autoescape=False)


def check_syntax(source: str) -> None:
    """Refuse a template that does not parse or reads anything but the merge names.

    :raises TemplateError: with the line for syntax errors, with the name for unknown variables.
    """
    tree = _parse(source)
    if tree.find((nodes.Include, nodes.Extends, nodes.Import, nodes.FromImport)):
        raise TemplateError(None, "a template cannot include or import other templates")
    unknown = sorted(find_undeclared_variables(tree) - MERGE_NAMES)
    if unknown:
        raise TemplateError(
            unknown[0], "is not available; use contact, company, rep or unsubscribe_url"
        )


def check_bounded(source: str) -> None:
    """Refuse what could make rendering outgrow the template (see the module's docstring).

    Call it before ``check_syntax`` on a template from an author: finding the variables
    compiles the template, and compiling folds constants such as ``'x' * 10**9``. It reads the
    syntax tree only. Kept apart from ``check_syntax`` (which ``Step`` runs) so that a step
    stored before these rules still loads; rendering refuses it.
    """
    tree = _parse(source)
    found = tree.find(tuple(_UNBOUNDED))
    if found is not None:
        raise TemplateError(None, f"{_UNBOUNDED[type(found)]} is not allowed in a merge template")
    for used in tree.find_all(nodes.Filter):
        if used.name not in SAFE_FILTERS:
            raise TemplateError(
                None, f"the filter '{used.name}' is not allowed; use {', '.join(sorted(SAFE_FILTERS))}"
            )
    for loop in tree.find_all(nodes.For):
        if any(inner.find(nodes.For) or isinstance(inner, nodes.For) for inner in loop.body):
            raise TemplateError(None, "loops cannot be nested")
        if not _field_paths(loop.iter):
            raise TemplateError(None, "a loop goes over merge data, such as contact.tags")


def required_fields(source: str) -> frozenset[str]:
    """Merge fields the template prints with no fallback, e.g. {"contact.title", "rep.name"}.

    A field counts as optional anywhere if the template gives it a `default` or tests it in an
    `if`, which is how authors say "I handle its absence". The server can use this to warn
    before enrolling contacts that lack a field.
    """
    tree = _parse(source)
    optional: set[str] = set()
    for node in tree.find_all(nodes.Filter):
        if node.name in ("default", "d"):
            optional |= _field_paths(node.node)
    for node in tree.find_all((nodes.If, nodes.CondExpr)):
        optional |= _field_paths(node.test)
    return frozenset(_field_paths(tree) - optional)


def render_text(source: str, context: MergeContext) -> str:
    """Render a subject or plain-text body, refusing to send around a missing value.

    :raises TemplateError: naming the missing field, or explaining a sandbox refusal.
    """
    return _render(_TEXT, source, context)


def render_html(source: str, context: MergeContext) -> str:
    """Render an HTML body; merge values are escaped so a contact's name cannot inject markup."""
    return _render(_HTML, source, context)


def preview(source: str, context: MergeContext) -> Preview:
    """Render for a human check: gaps become `[field]` placeholders instead of errors."""
    gaps: list[str] = []
    token = _preview_gaps.set(gaps)
    try:
        text = _render(_PREVIEW, source, context)
    finally:
        _preview_gaps.reset(token)
    return Preview(text=text, missing_fields=tuple(dict.fromkeys(gaps)))


def _render(environment: SandboxedEnvironment, source: str, context: MergeContext) -> str:
    _checked(source)
    try:
        return _capped(_compiled(environment, source).generate(context.variables()))
    except jinja_errors.SecurityError as error:
        raise TemplateError(None, f"refused by the sandbox: {error}") from error
    except jinja_errors.TemplateError as error:
        raise TemplateError(None, str(error)) from error


def _capped(chunks: Iterator[str]) -> str:
    """The rendered text, refused once it passes ``MAX_RENDERED`` (a loop over long data)."""
    kept, size = [], 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_RENDERED:
            raise TemplateError(None, f"renders to more than {MAX_RENDERED:,} characters")
        kept.append(chunk)
    return "".join(kept)


@lru_cache(maxsize=512)
def _checked(source: str) -> None:
    """Both checks once per template text: a worker renders the same few templates a lot."""
    check_bounded(source)
    check_syntax(source)


@lru_cache(maxsize=512)
def _compiled(environment: SandboxedEnvironment, source: str) -> Template:
    return environment.from_string(source)


def _parse(source: str) -> nodes.Template:
    try:
        return _TEXT.parse(source)
    except jinja_errors.TemplateSyntaxError as error:
        raise TemplateError(None, f"line {error.lineno}: {error.message}") from error


def _field_paths(node: nodes.Node) -> set[str]:
    """Dotted paths (`contact.title`) read under `node`, keeping only the longest of a chain."""
    paths = {path for path in map(_dotted, _lookups(node)) if path}
    return {path for path in paths if not any(other.startswith(path + ".") for other in paths)}


def _lookups(node: nodes.Node) -> Iterator[nodes.Node]:
    if isinstance(node, (nodes.Name, nodes.Getattr, nodes.Getitem)):
        yield node
    yield from node.find_all((nodes.Name, nodes.Getattr, nodes.Getitem))


def _dotted(node: nodes.Node) -> str | None:
    if isinstance(node, nodes.Name):
        return node.name if node.name in MERGE_NAMES else None
    if isinstance(node, nodes.Getattr):
        key: object = node.attr
    elif isinstance(node.arg, nodes.Const):
        key = node.arg.value
    else:
        return None
    parent = _dotted(node.node)
    return f"{parent}.{key}" if parent and isinstance(key, str) else None
