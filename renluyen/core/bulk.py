"""Writing many rows at once (imports, accounts for a whole school)."""

from django.db import connection

BATCH = 1000  # parameter rows per executemany call


def update_rows(model, objs, fields, batch: int = BATCH) -> None:
    """UPDATE `fields` of each object: one statement run over many parameter rows.

    Like bulk_update, but bulk_update builds a CASE WHEN per object and field in Python,
    which took 12-15 s for 15,000 changed members (scripts/bench_import.py); executemany
    sends the same rows in well under a second on SQLite and PostgreSQL alike.
    """
    if not objs:
        return
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        quote(meta.db_table),
        ", ".join(f"{quote(c.column)} = %s" for c in columns),
        quote(meta.pk.column),
    )
    params = [
        [c.get_db_prep_save(getattr(obj, c.attname), connection) for c in columns] + [obj.pk]
        for obj in objs
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(params), batch):
            cursor.executemany(sql, params[start : start + batch])
