"""The question log's storage: what people asked and how it was answered, in a real database.

`tables` (the schema, as SQLAlchemy Core tables), `database` (the URL and engine: SQLite through aiosqlite by
default, PostgreSQL through asyncpg), `migrate` and `migrations/` (Alembic, run at start), `queries` (every
statement), `recorder` (`SqlQuestionLog`: the handlers' `QuestionLog` port, writing after the reply) and
`opening` (what `mlrole serve` and `mlrole socket` do at start).
"""
