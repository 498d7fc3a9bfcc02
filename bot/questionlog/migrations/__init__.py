"""Alembic's environment and revisions for the question log, shipped inside the package so an installed
mlrole can migrate its database. Run by `bot.questionlog.migrate`, never by the `alembic` command line."""
