"""Backup and restore as docs/deployment.md tells it: pg_dump of the demo school's database,
pg_restore into an empty database, and every table has the same number of rows."""

import subprocess

import psycopg
import pytest
from django.db import connection

from renluyen.core.tests.processes import database_url
from scripts.pg_cluster import find_bindir

pytestmark = pytest.mark.postgresql_only


def row_counts(url: str, tables: list[str]) -> dict[str, int]:
    with psycopg.connect(url) as db:
        return {
            table: db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables
        }


def test_a_demo_database_survives_pg_dump_and_pg_restore(transactional_db, tmp_path):
    from renluyen.core.demo import load_demo

    load_demo()
    bindir = find_bindir()
    source = database_url()
    restored = source.rsplit("/", 1)[0] + "/renluyen_restored"
    dump = tmp_path / "renluyen.dump"
    # The commands of docs/deployment.md "Backup and restore".
    subprocess.run(
        [bindir / "pg_dump", "--format=custom", "--no-owner", f"--file={dump}", source],
        check=True,
        timeout=300,
    )
    admin = source.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute("DROP DATABASE IF EXISTS renluyen_restored")
        db.execute("CREATE DATABASE renluyen_restored")
    try:
        subprocess.run(
            [bindir / "pg_restore", "--no-owner", "--exit-on-error", f"--dbname={restored}", dump],
            check=True,
            timeout=300,
        )
        tables = connection.introspection.table_names()
        before, after = row_counts(source, tables), row_counts(restored, tables)
        assert after == before
        assert sum(before.values()) > 5_000  # the demo school, not an empty database
        assert before["people_member"] >= 300 and before["evaluations_score"] > 0
    finally:
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute("DROP DATABASE IF EXISTS renluyen_restored")
