"""``sidekick import`` / ``sidekick export``: CSV in HubSpot's or our column names."""

from __future__ import annotations

import sys

import click

from server.services.csv_io import NotAnImport, export_csv, import_csv

KINDS = click.Choice(["companies", "contacts"])


@click.command("import")
@click.argument("kind", type=KINDS)
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_(kind: str, path: str) -> None:
    """Upsert companies (by domain) or contacts (by email) from a CSV file (UTF-8)."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        try:
            total = max(sum(1 for _ in handle) - 1, 0)  # reads it all: bad bytes stop us here
        except UnicodeDecodeError as error:
            raise click.ClickException(
                f"{path} is not UTF-8 text (it holds the byte 0x{error.object[error.start]:02x}): "
                f"save it as \"CSV UTF-8\" and import it again. Nothing was imported.") from None
        handle.seek(0)
        with click.progressbar(length=total, label=f"Importing {kind}",
                               file=sys.stderr) as bar:
            try:
                report = import_csv(kind, handle, on_row=lambda: bar.update(1))
            except NotAnImport as refused:
                raise click.ClickException(f"{refused} Nothing was imported.") from None
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
