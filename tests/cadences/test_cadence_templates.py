"""Merge-field templates: what renders, what is refused before sending, and the sandbox."""

import re

import pytest

from cadences import (
    MergeContext,
    TemplateError,
    check_bounded,
    check_syntax,
    preview,
    render_html,
    render_text,
    required_fields,
)


@pytest.fixture
def ada() -> MergeContext:
    return MergeContext(
        contact={"first_name": "Ada", "title": None, "nickname": "", "address": {"city": "Berlin"}},
        company={"name": "Lovelace & Babbage"},
        rep={"name": "Grace"},
        unsubscribe_url="https://sidekick.example/u/abc",
    )


def test_merge_fields_are_filled_in(ada):
    body = "Hi {{ contact.first_name }}, {{ rep.name }} here about {{ company.name }}."
    assert render_text(body, ada) == "Hi Ada, Grace here about Lovelace & Babbage."


@pytest.mark.parametrize("field", ["last_name", "title", "nickname"])
def test_a_default_covers_an_absent_none_or_empty_value(field, ada):
    assert render_text(f"Hi {{{{ contact.{field} | default('there') }}}}", ada) == "Hi there"


@pytest.mark.parametrize(
    ("source", "field"),
    [
        ("{{ contact.title }}", "contact.title"),  # None
        ("{{ contact.nickname }}", "contact.nickname"),  # empty
        ("{{ contact.last_name }}", "contact.last_name"),  # absent
        ("{{ contact['last_name'] }}", "contact.last_name"),
        ("{{ contact.address.zip }}", "contact.address.zip"),
        ("{{ contact.phone.mobile }}", "contact.phone"),
        ("{{ company.industry | upper }}", "company.industry"),
        ("{% for tag in contact.tags %}{{ tag }}{% endfor %}", "contact.tags"),
    ],
)
def test_a_missing_value_is_refused_naming_the_field(source, field, ada):
    with pytest.raises(TemplateError) as refusal:
        render_text(source, ada)
    assert refusal.value.field == field


def test_a_missing_unsubscribe_url_is_refused():
    with pytest.raises(TemplateError) as refusal:
        render_text("Stop: {{ unsubscribe_url }}", MergeContext(contact={}))
    assert refusal.value.field == "unsubscribe_url"


def test_tests_on_missing_values_are_allowed(ada):
    source = (
        "{% if contact.title %}As {{ contact.title }}{% else %}Hello{% endif %}"
        "{% if contact.title == 'CEO' %}!{% endif %}{{ ' (' ~ rep.name ~ ')' if rep.name }}"
        "{{ contact.last_name is defined }}"
    )
    assert render_text(source, ada) == "Hello (Grace)False"


def test_printing_a_whole_record_asks_for_a_field(ada):
    with pytest.raises(TemplateError) as refusal:
        render_text("{{ company }}", ada)
    assert refusal.value.field == "company"


@pytest.mark.parametrize(
    "source",
    [
        "{{ contact.__class__ }}",
        "{{ contact._values }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ company.name.__class__ }}",
        "{{ rep.name.format.__globals__ }}",
        "{{ cycler.__init__.__globals__ }}",
    ],
)
def test_the_sandbox_refuses_to_reach_python_internals(source, ada):
    with pytest.raises(TemplateError):
        render_text(source, ada)


@pytest.mark.parametrize(
    ("source", "field"),
    [
        ("{{ deal.amount }}", "deal"),
        ("{{ config }}", "config"),
        ("{{ range }}{{ lipsum }}", "lipsum"),
    ],
)
def test_only_contact_company_rep_and_unsubscribe_url_exist(source, field):
    with pytest.raises(TemplateError) as refusal:
        check_syntax(source)
    assert refusal.value.field == field


@pytest.mark.parametrize("source", ['{% include "footer.txt" %}', '{% import "macros" as m %}'])
def test_templates_cannot_pull_in_other_templates(source):
    with pytest.raises(TemplateError, match="include or import"):
        check_syntax(source)


@pytest.mark.parametrize(
    ("source", "says"),
    [
        ("{{ 'x' * 1000000000 }}", "multiplying (*) is not allowed"),
        ("{{ 9 ** 9 ** 9 }}", "raising to a power (**) is not allowed"),
        ("{{ '%0999999999d' % 1 }}", "formatting with % is not allowed"),
        ("{{ contact.first_name.ljust(1000000000) }}", "calling a function or method is not allowed"),
        ("{% macro m() %}x{% endmacro %}", "defining a macro is not allowed"),
        ("{{ contact.first_name | center(1000000000) }}", "the filter 'center' is not allowed"),
        ("{{ contact.first_name | replace('a', 'aa') | replace('a', 'aa') }}", "'replace'"),
        ("{% for a in contact.tags %}{% for b in contact.tags %}.{% endfor %}{% endfor %}",
         "loops cannot be nested"),
        ("{% for a in 'xxxxxxxxxx' %}.{% endfor %}", "a loop goes over merge data"),
    ],
)
def test_what_could_outgrow_the_template_is_refused_before_it_is_saved(source, says, ada):
    with pytest.raises(TemplateError, match=re.escape(says)):
        check_bounded(source)
    with pytest.raises(TemplateError, match=re.escape(says)):
        render_text(source, ada)  # a step stored before these rules loads, but never renders


def test_the_rules_read_the_syntax_tree_without_compiling_it():
    """Compiling folds constants: checking ``'x' * 10**9`` must not build that string."""
    with pytest.raises(TemplateError):
        check_bounded("{{ 'x' * 10**12 }}")  # a terabyte, were it built


def test_a_loop_over_merge_data_with_safe_filters_still_renders():
    context = MergeContext(contact={"first_name": "ada", "tags": ["cfo", "uk"]})
    source = "{{ contact.first_name | title }}: {% for tag in contact.tags | sort %}{{ tag | upper }} {% endfor %}"
    assert render_text(source, context) == "Ada: CFO UK "


def test_rendered_text_is_capped_however_the_data_grows():
    context = MergeContext(contact={"notes": "x" * 1000, "tags": ["t"] * 300})
    with pytest.raises(TemplateError, match="more than 200,000 characters"):
        render_text("{% for tag in contact.tags %}{{ contact.notes }}{% endfor %}", context)


def test_a_syntax_error_names_the_line():
    with pytest.raises(TemplateError, match="line 2") as refusal:
        check_syntax("Hi\n{{ contact.first_name ")
    assert refusal.value.field is None


def test_text_bodies_are_not_escaped_and_html_bodies_are(ada):
    hostile = MergeContext(contact={"first_name": "<b>Eve</b>"}, company={"name": "A & B"})
    assert render_text("{{ contact.first_name }} {{ company.name }}", hostile) == (
        "<b>Eve</b> A & B"
    )
    assert render_html("<p>{{ contact.first_name }} {{ company.name }}</p>", hostile) == (
        "<p>&lt;b&gt;Eve&lt;/b&gt; A &amp; B</p>"
    )


def test_a_preview_shows_every_gap_instead_of_failing(ada):
    shown = preview(
        "{{ contact.title }}, {{ contact.first_name }} {{ contact.title }} {{ contact.last_name }}",
        ada,
    )
    assert shown.text == "[contact.title], Ada [contact.title] [contact.last_name]"
    assert shown.missing_fields == ("contact.title", "contact.last_name")


def test_a_preview_still_refuses_sandbox_escapes(ada):
    with pytest.raises(TemplateError, match="unsafe"):
        preview("{{ contact.__class__ }}", ada)


@pytest.mark.parametrize(
    ("source", "required"),
    [
        ("Hi {{ contact.first_name }}", {"contact.first_name"}),
        ("Hi {{ contact.first_name | default('there') }}", set()),
        ("{{ contact.first_name | d('there') }} {{ rep.name }}", {"rep.name"}),
        ("{% if contact.title %}{{ contact.title }}{% endif %}", set()),
        (
            "{{ contact.address.city }} {{ contact['email'] }}",
            {"contact.address.city", "contact.email"},
        ),
        ("{{ unsubscribe_url }} {{ company.name | upper }}", {"unsubscribe_url", "company.name"}),
        ("{% set greeting = 'Hi' %}{{ greeting }}", set()),
    ],
)
def test_required_fields_lists_what_has_no_fallback(source, required):
    assert required_fields(source) == required
