"""The /reports pages: sign-in, one page per report (charts, sortable tables, CSV), sign-out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from marshmallow import ValidationError

from server.auth.sessions import (
    check_csrf,
    session_user,
    sign_in_with_password,
    sign_in_with_token,
    sign_out,
)
from server.auth.throttle import FailedSignIns
from server.errors import ApiError
from server.reports.csv_export import csv_response
from server.reports.pages import CHARTS
from server.reports.registry import REPORTS, run_report

bp = Blueprint("reports_pages", __name__, url_prefix="/reports")
PAGE_OPTIONS = ("metric",)  # display choices that are not report arguments
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


@bp.context_processor
def navigation():
    return {"reports": REPORTS}


@bp.after_request
def strict_headers(response):
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cache-Control"] = "no-store"
    return response


def _safe_next(target: str | None) -> str:
    """Only our own report pages are valid places to return to after sign-in."""
    parts = urlsplit(target or "")
    if parts.scheme or parts.netloc or not parts.path.startswith("/reports/") or "\\" in (target or ""):
        return url_for(".page", name="activity")
    return target


@bp.get("/login")
def login():
    return render_template("reports/login.html", next=_safe_next(request.args.get("next")))


@bp.post("/login")
def login_post():
    check_csrf()
    form = request.form
    throttle = current_app.extensions.setdefault("sidekick_sign_in_throttle", FailedSignIns())
    if throttle.blocked(request.remote_addr or "?"):
        return render_template("reports/login.html", next=_safe_next(form.get("next")),
                               error="Too many failed sign-ins from your address. Wait a few minutes and try again.",
                               email=form.get("email", "")), 429
    if form.get("token", "").strip():
        user = sign_in_with_token(form["token"])
    else:
        user = sign_in_with_password(form.get("email", ""), form.get("password", ""))
    if user is None:
        throttle.record_failure(request.remote_addr or "?")
        return render_template("reports/login.html", next=_safe_next(form.get("next")),
                               error="That email and password (or API token) did not match an active user.",
                               email=form.get("email", "")), 401
    return redirect(_safe_next(form.get("next")))


@bp.post("/logout")
def logout():
    check_csrf()
    sign_out()
    return redirect(url_for(".login"))


@bp.get("")
@bp.get("/")
def index():
    return redirect(url_for(".page", name="activity"))


@bp.get("/<name>")
def page(name: str):
    user = session_user()
    if user is None:
        return redirect(url_for(".login", next=request.full_path.rstrip("?")))
    report = REPORTS.get(name)
    if report is None:
        return render_template("reports/error.html", user=user, message="There is no such report."), 404
    options = {key: request.args.get(key, "") for key in PAGE_OPTIONS}
    query = {k: v for k, v in request.args.items() if k not in PAGE_OPTIONS and v != ""}
    try:
        args = report.args().load(query)
        data = run_report(name, user, args)
    except ValidationError as error:
        return render_template("reports/error.html", user=user, message="Some filters are invalid.",
                               fields=error.messages), 400
    except ApiError as error:
        return render_template("reports/error.html", user=user, message=error.description), error.code
    if args["format"] == "csv":
        header, rows = report.table(data)
        return csv_response(header, rows, f"{name}-report.csv")
    charts = CHARTS[name](data, options)
    csv_query = {**query, "format": "csv"}
    return render_template(f"reports/{name}.html", user=user, data=data, charts=charts,
                           current=name, args=query, csv_url=url_for(".page", name=name, **csv_query))
