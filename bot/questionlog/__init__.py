"""The question log's storage: what people asked and how it was answered, in a real database.

`tables` (the schema, as SQLAlchemy Core tables), `database` (the URL and engine: SQLite through aiosqlite by
default, PostgreSQL through asyncpg), `migrate` and `migrations/` (Alembic, run at start), `queries` (every
statement), `votes` (feedback once per person per answer, behind `VoteStore`), `recorder` (`SqlQuestionLog`:
the handlers' `QuestionLog` port, writing after the reply), `reading` (the gaps report's rows), `clock` and
`opening` (what `mlrole serve` and `mlrole socket` do at start).
"""
