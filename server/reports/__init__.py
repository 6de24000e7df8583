"""Manager reports: SQL aggregation per report, CSV, SVG charts and the /reports pages."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from server.auth import sessions
    from server.reports.views import bp

    sessions.init_app(app)
    app.register_blueprint(bp)
