"""Every migration of Sori's apps goes back and forward again on PostgreSQL with rows in the tables.

An upgrade that cannot be undone, or a data migration without its reverse, is found here rather than on the
night a release has to be rolled back.
"""

from __future__ import annotations

import os

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sori.voices.models import Demand

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "postgres" not in os.environ.get("SORI_DATABASE_URL", ""), reason="runs on PostgreSQL only"
    ),
]


def _project_plan(executor: MigrationExecutor) -> list[tuple[str, str]]:
    """Return Sori's own migrations in the order they are applied."""
    graph = executor.loader.graph
    plan: list[tuple[str, str]] = []
    for leaf in graph.leaf_nodes():
        for node in graph.forwards_plan(leaf):
            if node[0] in _APPS and node not in plan:
                plan.append(node)
    return plan


# Every app of Sori's own: stepping an app back also unapplies the apps that depend on it, so the way forward
# must bring all of them back, or later tests on this database find tables missing.
_APPS = {config.label for config in apps.get_app_configs() if config.name.startswith("sori.")}


def _migrate(target: list[tuple[str, str | None]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)


def test_each_migration_goes_back_and_forward_with_data(answered_demand: Demand) -> None:
    executor = MigrationExecutor(connection)
    plan = _project_plan(executor)
    assert len(plan) > 10
    # Step back one migration at a time, from the newest, with the rows still in the tables ...
    for app, name in reversed(plan):
        earlier = [n for a, n in plan if a == app]
        index = earlier.index(name)
        _migrate([(app, earlier[index - 1] if index else None)])
    # ... then all the way forward again.
    leaves = [node for node in MigrationExecutor(connection).loader.graph.leaf_nodes() if node[0] in _APPS]
    _migrate(leaves)
    applied = MigrationExecutor(connection).loader.applied_migrations
    assert all(node in applied for node in plan)
