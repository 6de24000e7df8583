"""`sidekick demo` gives the demo manager a random password for the report pages."""

from __future__ import annotations

import json
import re
from pathlib import Path


def test_demo_manager_can_sign_in_with_the_printed_password(runner, app, client):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    rows = json.loads((Path(app.config["INSTANCE_PATH"]) / "demo-tokens.json").read_text())
    (manager,) = [row for row in rows if row.get("password")]
    assert manager["role"] == "manager" and f"with password {manager['password']}" in result.output
    html = client.get("/reports/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    response = client.post("/reports/login", data={"csrf_token": csrf, "email": manager["email"],
                                                   "password": manager["password"]})
    assert response.status_code == 302
    assert client.get("/reports/activity").status_code == 200
