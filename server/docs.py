"""Interactive API docs at /api/docs, served from the swagger-ui-bundle package (no CDN)."""

from __future__ import annotations

from flask import Blueprint, Flask, render_template, send_from_directory
from swagger_ui_bundle import swagger_ui_path

bp = Blueprint("docs", __name__, url_prefix="/api/docs")


@bp.get("")
@bp.get("/")
def index():
    return render_template("api_docs.html")


@bp.get("/assets/<path:filename>")
def asset(filename: str):
    return send_from_directory(str(swagger_ui_path), filename, max_age=3600)


@bp.get("/init.js")
def initializer():
    return send_from_directory(bp.root_path + "/static", "api_docs_init.js", max_age=3600)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response
