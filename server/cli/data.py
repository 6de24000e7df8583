"""``sidekick import`` / ``sidekick export``: CSV in HubSpot's or our column names."""

from __future__ import annotations

import sys

import click

from server.services.csv_io import export_csv, import_csv

KINDS = click.Choice(["companies", "contacts"])


@click.command("import")
@click.argument("kind", type=KINDS)
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_(kind: str, path: str) -> None:
    """Upsert companies (by domain) or contacts (by email) from a CSV file."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        total = max(sum(1 for _ in handle) - 1, 0)
        handle.seek(0)
        with click.progressbar(length=total, label=f"Importing {kind}",
                               file=sys.stderr) as bar:
            report = import_csv(kind, handle, on_row=lambda: bar.update(1))
    click.echo(f"{kind}: {report.created} created, {report.updated} updated, "
               f"{len(report.rejected)} rejected")
    for number, reason in report.rejected:
        click.echo(f"  row {number}: {reason}")


@click.command("export")
@click.argument("kind", type=KINDS)
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def export(kind: str, path: str) -> None:
    """Write companies or contacts to a CSV file (the columns `sidekick import` reads)."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        count = export_csv(kind, handle)
    click.echo(f"Exported {count} {kind} to {path}")
