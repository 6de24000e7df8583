"""``sidekick run`` and ``sidekick demo``: serve the app, seed the demo team."""

from __future__ import annotations

import json
from pathlib import Path

import sys

import click
from flask import current_app
from werkzeug.serving import run_simple

from server.services.demo import demo_is_seeded, seed_demo


def _tokens_file() -> Path:
    return Path(current_app.config["INSTANCE_PATH"]) / "demo-tokens.json"


def _print_tokens() -> None:
    path = _tokens_file()
    if not path.exists():
        return
    click.echo("Demo users (API tokens for the extension's options page):")
    for row in json.loads(path.read_text()):
        click.echo(f"  {row['role']:<8} {row['name']:<18} {row['email']:<26} {row['token']}")
    for row in json.loads(path.read_text()):
        if row.get("password"):
            click.echo(f"Reports at {current_app.config['PUBLIC_URL']}/reports: sign in as {row['email']} "
                       f"with password {row['password']}")


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the demo team exists already.")
@click.option("--seed", default=42, show_default=True, help="Random seed (data is deterministic).")
def demo(if_empty: bool, seed: int) -> None:
    """Seed a demo sales team with 60 days of history."""
    if demo_is_seeded():
        if if_empty:
            return
        raise click.ClickException("The demo team exists already.")
    with click.progressbar(length=100, label="Seeding demo data", file=sys.stderr) as bar:
        tokens = seed_demo(seed=seed, progress=bar.update)
    path = _tokens_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Demo tokens are kept beside the dev secret key so that `make run` can show them again;
    # the database itself only holds their hashes.
    path.write_text(json.dumps(tokens, indent=1))
    path.chmod(0o600)
    _print_tokens()


@click.command("run")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=None, help="Default: SIDEKICK_PORT or 5000.")
def run(host: str, port: int | None) -> None:
    """Serve Sidekick (development server; use gunicorn in production)."""
    port = port or current_app.config["PORT"]
    _print_tokens()
    from server.cli.worker import start_embedded

    if start_embedded(current_app._get_current_object()) is not None:
        click.echo(f"Cadence worker: every {current_app.config['WORKER_INTERVAL_S']:g} s in this "
                   "process (SIDEKICK_WORKER_EMBEDDED=false to turn it off).")
    click.echo(f"Sidekick is serving on http://{host}:{port}  (API docs: /api/docs)")
    run_simple(host, port, current_app._get_current_object(), threaded=True, use_reloader=False)
