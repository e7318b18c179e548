"""Make the audit trail append-only in the database itself: UPDATE and DELETE on audit events
are refused whoever asks, the application included. Only someone able to switch triggers off
(a database superuser) can change a row, and `manage.py audit_verify` finds such a change.

PostgreSQL is what production runs; the SQLite demo database gets the same guard."""

from django.db import migrations

TABLE = "socialops_auditevent"

POSTGRES_UP = f"""
CREATE OR REPLACE FUNCTION socialops_audit_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only: % refused on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER socialops_audit_append_only
    BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION socialops_audit_refuse_change();
"""
POSTGRES_DOWN = f"""
DROP TRIGGER IF EXISTS socialops_audit_append_only ON {TABLE};
DROP FUNCTION IF EXISTS socialops_audit_refuse_change();
"""
SQLITE_UP = [
    f"""CREATE TRIGGER socialops_audit_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused'); END;""",
    f"""CREATE TRIGGER socialops_audit_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only: DELETE refused'); END;""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS socialops_audit_no_update;",
    "DROP TRIGGER IF EXISTS socialops_audit_no_delete;",
]


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_UP:
            schema_editor.execute(statement)


def remove(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_DOWN:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("socialops", "0001_initial")]

    operations = [migrations.RunPython(install, remove, elidable=False)]
