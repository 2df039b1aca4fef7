from django.db import connection


def vacuum_analyze(*tables: str) -> None:
    """After a bulk load, do what autovacuum would do soon: statistics, visibility map and hint
    bits (without them the first reads spend their time writing). Inside a transaction (tests),
    where VACUUM cannot run, only ANALYZE."""
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"{command} {connection.ops.quote_name(table)}")
