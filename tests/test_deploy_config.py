"""The deployment files agree with each other and with the app's own configuration."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"


def test_upload_limit_of_the_proxy_is_the_apps():
    app = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    proxy = (DEPLOY / "nginx" / "dashboard.conf").read_text()
    assert re.search(r"client_max_body_size (\d+)m;", proxy)[1] == str(
        app["server"]["maxUploadSize"])


def test_compose_runs_the_same_proxy_file_as_local_sh():
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    services = compose["services"]
    mounts = services["proxy"]["volumes"]
    assert "./nginx/dashboard.conf:/etc/nginx/conf.d/default.conf:ro" in mounts
    assert "./nginx/compose.d:/etc/nginx/dashboard.d:ro" in mounts
    assert "deploy/nginx/dashboard.conf" in (DEPLOY / "local.sh").read_text()
    for part in ("upstream-servers.conf", "server.conf"):      # what dashboard.conf includes
        assert f"dashboard.d/{part}" in (DEPLOY / "nginx" / "dashboard.conf").read_text()
        assert (DEPLOY / "nginx" / "compose.d" / part).exists()
        assert (DEPLOY / "nginx" / "systemd.d" / part).exists()
    # the compose upstream is the app service's port; health checks ask /_stcore/health
    assert "server app:8501 " in (DEPLOY / "nginx" / "compose.d" / "upstream-servers.conf"
                                  ).read_text()
    assert "--server.port\", \"8501\"" in (DEPLOY / "Dockerfile").read_text()
    for name in ("app", "proxy"):
        test = " ".join(services[name]["healthcheck"]["test"])
        assert "_stcore/health" in test or "wait_healthy.py" in test
    assert services["app"]["depends_on"]["migrate"]["condition"] == \
        "service_completed_successfully"


def test_production_processes_run_without_the_file_watcher():
    unit = (DEPLOY / "systemd" / "dashboard@.service").read_text()
    assert "--server.fileWatcherType none" in unit
    assert '"--server.fileWatcherType", "none"' in (DEPLOY / "Dockerfile").read_text()
    app = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert app["server"]["fileWatcherType"] == "none"
