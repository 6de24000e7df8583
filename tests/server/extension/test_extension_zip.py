"""GET /extension.zip: the extension from the repository, preset with the server's URL."""

from __future__ import annotations

import io
import json
import zipfile

from server.extension_zip import build_extension_zip, extension_dir


def _zip(client) -> zipfile.ZipFile:
    answer = client.get("/extension.zip")
    assert answer.status_code == 200
    assert answer.mimetype == "application/zip"
    assert answer.headers["Cache-Control"] == "no-store"
    return zipfile.ZipFile(io.BytesIO(answer.data))


def test_zip_presets_the_public_url_and_its_host_permission(app, client):
    archive = _zip(client)
    public_url = app.config["PUBLIC_URL"]
    assert json.dumps(public_url) in archive.read("config.js").decode()
    manifest = json.loads(archive.read("manifest.json"))
    assert "http://127.0.0.1/*" in manifest["host_permissions"]
    assert manifest["manifest_version"] == 3 and manifest["key"]


def test_zip_holds_the_extension_but_not_its_tests(client):
    names = set(_zip(client).namelist())
    assert {"manifest.json", "background.js", "content.js", "sidebar.html", "options.html",
            "popup.html", "lib/api.js"} <= names
    assert not any(name.startswith(("tests/", ".")) for name in names)
    assert "package.json" not in names


def test_a_self_hosted_https_url_gets_its_origin(app):
    with app.app_context():
        data = build_extension_zip(extension_dir(), "https://crm.acme.com/sidekick/")
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert "https://crm.acme.com/*" in json.loads(archive.read("manifest.json"))["host_permissions"]
    assert '"serverUrl": "https://crm.acme.com/sidekick"' in archive.read("config.js").decode()


def test_the_same_inputs_give_the_same_bytes(app):
    with app.app_context():
        assert build_extension_zip(extension_dir(), "http://a.com") == build_extension_zip(
            extension_dir(), "http://a.com")
