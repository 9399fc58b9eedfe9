"""Many rows in few statements, for tables of small rows written by the thousand (search grams).

``bulk_create`` builds a model instance per row and compiles each value through the ORM: for the ~40 grams of
every imported entry that is most of the cost of writing them. These write the same rows from tuples, with each
value prepared by its model field as the ORM would (dates, booleans), through the driver's ``executemany``.
"""

from django.db import connections, router


def insert_rows(model, field_names, rows):
    """Insert ``rows`` (tuples of values in the order of ``field_names``, the model's field names) into ``model``'s table."""
    rows = list(rows)
    if not rows:
        return
    using = router.db_for_write(model)
    connection = connections[using]
    fields = [model._meta.get_field(name) for name in field_names]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor:
        # One statement, its parameters row after row: both drivers prepare it once (psycopg pipelines the rows),
        # where a statement with thousands of placeholders is parsed anew each time. Names come from the model.
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})",  # noqa: S608
            [[field.get_db_prep_save(value, connection) for field, value in zip(fields, row, strict=True)] for row in rows],
        )
