"""The ``sidekick`` command: Flask's click CLI with Sidekick's own commands."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import FlaskGroup


def init_app(app: Flask) -> None:
    from server.cli import data, enrich, serve, users, worker

    for command in (serve.run, serve.demo, users.users, data.import_, data.export,
                    enrich.enrich, worker.worker):
        app.cli.add_command(command)
    from server.cli import engagement  # issue 5

    for command in (engagement.ownership, engagement.integrations):
        app.cli.add_command(command)


def _create_app() -> Flask:
    from server import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=False,
             add_version_option=False)
def main() -> None:
    """Sidekick: prospecting sidekick for B2B sales teams."""
