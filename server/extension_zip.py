"""``GET /extension.zip``: the browser extension, preset with this server's public URL.

The zip is built in memory from the repository's ``extension/`` folder (``EXTENSION_DIR``):
``config.js`` is rewritten with ``PUBLIC_URL`` and the server's origin is added to the
manifest's ``host_permissions``, so a rep loads it and only pastes a token.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

from flask import Blueprint, Flask, current_app, send_file

from server.errors import fail

bp = Blueprint("extension_zip", __name__)

# Fixed timestamp: the same extension and URL always give byte-identical zips.
ZIP_TIME = (2026, 1, 1, 0, 0, 0)
SKIPPED_DIRS = {"tests", "node_modules"}
SKIPPED_FILES = {"package.json"}  # only tells node --test that these are ES modules


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)


def extension_dir() -> Path:
    configured = current_app.config.get("EXTENSION_DIR")
    return Path(configured) if configured else Path(__file__).resolve().parent.parent / "extension"


@bp.get("/extension.zip")
def download_extension():
    """The unpacked extension as a zip, with the server URL preset (no secrets inside)."""
    source = extension_dir()
    if not (source / "manifest.json").is_file():
        fail(404, f"The extension sources are not installed here ({source}); "
                  "run the server from a checkout of the repository (extension/ beside server/).",
             code="extension_missing")
    data = build_extension_zip(source, current_app.config["PUBLIC_URL"])
    response = send_file(io.BytesIO(data), mimetype="application/zip", as_attachment=True,
                         download_name="sidekick-extension.zip", max_age=0)
    response.headers["Cache-Control"] = "no-store"
    return response


def build_extension_zip(source: Path, public_url: str) -> bytes:
    """Zip ``source`` with ``config.js`` and ``manifest.json`` preset for ``public_url``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(source.rglob("*")):
            relative = path.relative_to(source)
            if not path.is_file() or _skipped(relative):
                continue
            name = relative.as_posix()
            if name == "config.js":
                content = preset_config(public_url)
            elif name == "manifest.json":
                content = preset_manifest(path.read_text("utf-8"), public_url)
            else:
                content = path.read_bytes()
            archive.writestr(zipfile.ZipInfo(name, ZIP_TIME), content)
    return buffer.getvalue()


def _skipped(relative: Path) -> bool:
    return relative.name in SKIPPED_FILES or any(
        part.startswith(".") or part in SKIPPED_DIRS for part in relative.parts)


def preset_config(public_url: str) -> str:
    preset = json.dumps({"serverUrl": public_url.rstrip("/")})
    return ("// Preset by the Sidekick server that served this zip (GET /extension.zip).\n"
            f"export const PRESET = {preset};\n")


def preset_manifest(text: str, public_url: str) -> str:
    """The manifest with the server's origin (any port) in ``host_permissions``."""
    manifest = json.loads(text)
    parts = urlsplit(public_url)
    pattern = f"{parts.scheme}://{parts.hostname}/*"
    hosts = manifest.setdefault("host_permissions", [])
    if pattern not in hosts:
        hosts.append(pattern)
    return json.dumps(manifest, indent=2) + "\n"
