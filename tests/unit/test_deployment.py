"""docker-compose.yml and the Dockerfile, checked as far as a machine without Docker can.

The compose file is validated against the Compose Specification schema and against the
project itself: every HUB_ variable is a real setting, every command a real CLI command,
every dependency a service with the health check its condition needs.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml
from click import Group

from config import HubSettings
from gridhub.cli import main as cli

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_file_follows_the_compose_specification() -> None:
    schema = json.loads((ROOT / "tests/data/compose-spec.json").read_text())
    jsonschema.validate(COMPOSE, schema)


def test_compose_runs_kafka_in_kraft_mode_postgres_api_and_workers() -> None:
    services = COMPOSE["services"]
    assert {"kafka", "postgres", "api", "worker", "migrate", "topics"} <= set(services)
    assert "controller" in services["kafka"]["environment"]["KAFKA_PROCESS_ROLES"]
    assert "KAFKA_ZOOKEEPER_CONNECT" not in services["kafka"]["environment"]
    assert "container_name" not in services["worker"]  # or --scale worker=N would clash
    assert "ports" not in services["worker"]


def test_every_dependency_exists_and_can_satisfy_its_condition() -> None:
    services = COMPOSE["services"]
    for name, service in services.items():
        for dependency, rule in service.get("depends_on", {}).items():
            assert dependency in services, f"{name} depends on unknown {dependency}"
            if rule["condition"] == "service_healthy":
                assert "healthcheck" in services[dependency], f"{dependency} has no healthcheck"
            if rule["condition"] == "service_completed_successfully":
                assert services[dependency].get("restart") == "no", f"{dependency} restarts"


def test_hub_services_use_real_settings_and_commands() -> None:
    fields = set(HubSettings.model_fields)
    commands = set(cli.commands)
    for name, service in COMPOSE["services"].items():
        if service.get("image") != "gridhub:latest":
            continue
        for variable in service["environment"]:
            assert variable.startswith("HUB_"), f"{name}: {variable}"
            assert variable.removeprefix("HUB_").lower() in fields, f"{name}: {variable}"
        command = service["command"]
        assert command[0] in commands, f"{name}: {command}"
        group = cli.commands[command[0]]
        if isinstance(group, Group):
            assert command[1] in group.commands, f"{name}: {command}"


def test_dockerfile_installs_the_package_and_runs_the_cli() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "FROM python:3.11" in dockerfile
    assert 'ENTRYPOINT ["gridhub"]' in dockerfile
    copied = {line.split()[1] for line in dockerfile.splitlines() if line.startswith("COPY ")}
    packages = {
        p.split(".")[0]
        for p in __import__("tomllib").loads((ROOT / "pyproject.toml").read_text())["tool"][
            "setuptools"
        ]["packages"]
    }
    assert packages <= copied, f"Dockerfile misses {packages - copied}"
