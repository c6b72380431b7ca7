"""Alembic environment for the mockinterview store.

At run time ``mockinterview.store.migrate`` builds the Config in code and hands over an open
connection (``config.attributes["connection"]``); no alembic.ini is needed. For development
(``alembic revision --autogenerate``) a ``sqlalchemy.url`` main option works too.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection

from mockinterview.store.models import Base

config = context.config
target_metadata = Base.metadata

# Tables made by hand in migrations (FTS5 and its shadow tables) are invisible to autogenerate.
HAND_MADE_PREFIXES = ("search_fts",)


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    return not (type_ == "table" and name is not None and name.startswith(HAND_MADE_PREFIXES))


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
        include_name=include_name,
        compare_type=True,
        transactional_ddl=True,  # the engine emits BEGIN itself, so SQLite DDL is transactional
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
    with engine.connect() as conn:
        _run(conn)


if context.is_offline_mode():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        render_as_batch=True,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
