from logging.config import fileConfig

from alembic import context

from data_access.db import database_url, make_engine
from data_access.models import Base

config = context.config
target_metadata = Base.metadata


def run_with(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:      # called from data_access.db.upgrade_schema
    run_with(connection)
elif context.is_offline_mode():
    context.configure(url=database_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:                           # the alembic command line
    if config.config_file_name is not None:
        fileConfig(config.config_file_name)
    with make_engine(database_url()).connect() as conn:
        run_with(conn)
        conn.commit()
