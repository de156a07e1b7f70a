#!/usr/bin/env python3
"""Writes a history of generated SQL migrations (flat NNNNN_name.sql) into DIR.

The history is one evolving schema, as a long-lived project grows it: enum
types and tables created, columns added, altered, renamed and dropped,
constraints added NOT VALID and validated, indexes plain, concurrent, partial
and unique, UPDATE backfills in batches, plpgsql trigger functions and DO
blocks, comments, and now and then a table renamed or dropped. Files hold a
varying number of statements (3 to 24) with comments between them. The output
is the same for the same arguments.

Usage: gen_sql_history.py DIR [N]            N migrations (default 2000)
       gen_sql_history.py DIR --statements S  migrations until S statements
Prints "files statements bytes" of what it wrote.
"""
import os
import random
import sys

COLUMN_TYPES = ["text", "integer", "bigint", "boolean", "timestamptz", "numeric(12,2)", "jsonb", "varchar(120)", "uuid"]
DEFAULTS = {"text": "''", "integer": "0", "bigint": "0", "boolean": "false", "timestamptz": "now()",
            "numeric(12,2)": "0", "jsonb": "'{}'::jsonb", "varchar(120)": "''", "uuid": "gen_random_uuid()"}


class Table:
    def __init__(self, name, state_type):
        self.name = name
        self.state_type = state_type
        self.columns = ["id", "name", "state", "created_at"]
        self.pending = []  # constraints added NOT VALID, validated later
        self.next_column = 0


class History:
    """The schema so far, and one statement at a time that changes it."""

    def __init__(self, seed=7):
        self.rng = random.Random(seed)
        self.tables = []
        self.serial = 0

    def fresh(self, prefix):
        self.serial += 1
        return f"{prefix}{self.serial}"

    def pick(self):
        return self.rng.choice(self.tables[-40:])  # recent tables change most

    def create_table(self):
        name = self.fresh("t")
        state = f"{name}_state"
        table = Table(name, state)
        lines = [f"    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT {name}_pkey PRIMARY KEY",
                 "    name text NOT NULL",
                 f"    state {state} NOT NULL DEFAULT 'new'",
                 "    created_at timestamptz NOT NULL DEFAULT now()"]
        for _ in range(self.rng.randint(2, 8)):
            column = self.new_column(table)
            kind = self.rng.choice(COLUMN_TYPES)
            extra = " NOT NULL DEFAULT " + DEFAULTS[kind] if self.rng.random() < 0.3 else ""
            lines.append(f"    {column} {kind}{extra}")
        if self.tables:
            parent = self.rng.choice(self.tables)
            table.columns.append("parent_id")
            lines.append(f"    parent_id bigint REFERENCES {parent.name} (id) ON DELETE CASCADE")
        lines.append(f"    CONSTRAINT {name}_name_len CHECK (char_length(name) <= 200)")
        self.tables.append(table)
        return [f"CREATE TYPE {state} AS ENUM ('new', 'active', 'closed')",
                f"-- {name}: created by the generator\nCREATE TABLE {name} (\n" + ",\n".join(lines) + "\n)"]

    def new_column(self, table):
        table.next_column += 1
        column = f"c{table.next_column}"
        table.columns.append(column)
        return column

    def some_column(self, table):
        extra = [c for c in table.columns if c.startswith("c")]
        return self.rng.choice(extra) if extra else None

    def alter(self):
        t = self.pick()
        r = self.rng.random()
        column = self.some_column(t)
        if r < 0.25 or column is None:
            kind = self.rng.choice(COLUMN_TYPES)
            new = self.new_column(t)
            if self.rng.random() < 0.5:
                return [f"ALTER TABLE {t.name} ADD COLUMN {new} {kind}"]
            return [f"ALTER TABLE {t.name} ADD COLUMN IF NOT EXISTS {new} {kind} DEFAULT {DEFAULTS[kind]}"]
        if r < 0.35:
            return [f"ALTER TABLE {t.name} ALTER COLUMN {column} SET NOT NULL"]
        if r < 0.42:
            return [f"ALTER TABLE {t.name} ALTER COLUMN {column} DROP NOT NULL"]
        if r < 0.50:
            return [f"ALTER TABLE {t.name} ALTER COLUMN {column} TYPE text USING {column}::text"]
        if r < 0.58:
            return [f"ALTER TABLE {t.name} ALTER COLUMN {column} SET DEFAULT ''",
                    f"ALTER TABLE {t.name} ALTER COLUMN {column} DROP DEFAULT"]
        if r < 0.66:
            new = self.new_column(t)
            t.columns.remove(column)
            return [f"ALTER TABLE {t.name} RENAME COLUMN {column} TO {new}"]
        if r < 0.72:
            t.columns.remove(column)
            return [f"ALTER TABLE {t.name} DROP COLUMN IF EXISTS {column}"]
        if r < 0.82:
            name = self.fresh(f"{t.name}_chk")
            t.pending.append(name)
            return [f"ALTER TABLE {t.name} ADD CONSTRAINT {name} CHECK ({column} IS NOT NULL) NOT VALID"]
        if r < 0.90 and len(self.tables) > 1:
            other = self.rng.choice(self.tables)
            name = self.fresh(f"{t.name}_fk")
            t.pending.append(name)
            fk = self.new_column(t)
            return [f"ALTER TABLE {t.name} ADD COLUMN {fk} bigint",
                    f"ALTER TABLE {t.name} ADD CONSTRAINT {name} FOREIGN KEY ({fk}) REFERENCES {other.name} (id) NOT VALID"]
        if t.pending:
            return [f"ALTER TABLE {t.name} VALIDATE CONSTRAINT {t.pending.pop(0)}"]
        return [f"ALTER TABLE {t.name} ADD CONSTRAINT {self.fresh(t.name + '_uq')} UNIQUE (name, {column})"]

    def index(self):
        t = self.pick()
        column = self.some_column(t) or "name"
        name = self.fresh(f"{t.name}_idx")
        r = self.rng.random()
        if r < 0.35:
            return [f"CREATE INDEX {name} ON {t.name} ({column})"]
        if r < 0.65:
            return [f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {t.name} ({column}, created_at DESC)"]
        if r < 0.80:
            return [f"CREATE UNIQUE INDEX CONCURRENTLY {name} ON {t.name} (lower(name)) WHERE state <> 'closed'"]
        if r < 0.90:
            return [f"CREATE INDEX {name} ON {t.name} USING btree ({column}) INCLUDE (id)",
                    f"DROP INDEX CONCURRENTLY IF EXISTS {name}"]
        return [f"ALTER TYPE {t.state_type} ADD VALUE IF NOT EXISTS 'v{self.serial}'"]

    def backfill(self):
        t = self.pick()
        column = self.some_column(t) or "name"
        out = []
        for start in range(0, self.rng.randint(1, 4) * 10000, 10000):
            out.append(f"UPDATE {t.name} SET {column} = DEFAULT\n WHERE id >= {start} AND id < {start + 10000}"
                       f" AND {column} IS NULL")
        if self.rng.random() < 0.3:
            out.append(f"INSERT INTO {t.name} (name) VALUES ('seed-{self.serial}'), ('seed-{self.serial + 1}')"
                       " ON CONFLICT DO NOTHING")
        return out

    def function(self):
        t = self.pick()
        fn = self.fresh(f"touch_{t.name}_")
        return [f"""CREATE OR REPLACE FUNCTION {fn}() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    changed boolean := false;
BEGIN
    -- keep created_at stable; count the rows an update touches
    IF TG_OP = 'UPDATE' AND NEW.created_at IS DISTINCT FROM OLD.created_at THEN
        NEW.created_at := OLD.created_at;
        changed := true;
    END IF;
    IF changed THEN
        RAISE NOTICE 'created_at kept on %', NEW.id;
    END IF;
    RETURN NEW;
END;
$$""",
                f"DROP TRIGGER IF EXISTS {fn}_trg ON {t.name}",
                f"CREATE TRIGGER {fn}_trg BEFORE UPDATE ON {t.name} FOR EACH ROW EXECUTE FUNCTION {fn}()"]

    def do_block(self):
        t = self.pick()
        return [f"""DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = '{t.name}_archive') THEN
        EXECUTE 'CREATE TABLE {t.name}_archive (LIKE {t.name} INCLUDING ALL)';
    END IF;
END
$$"""]

    def comment(self):
        t = self.pick()
        column = self.some_column(t) or "name"
        return [f"COMMENT ON TABLE {t.name} IS 'generated table {t.name}, step {self.serial}'",
                f"COMMENT ON COLUMN {t.name}.{column} IS 'generated column'"]

    def rename_or_drop(self):
        if len(self.tables) < 50:
            return self.alter()
        t = self.tables.pop(self.rng.randrange(len(self.tables) - 40))  # an old table, nobody's parent lately
        if self.rng.random() < 0.5:
            renamed = Table(t.name + "_old", t.state_type)
            renamed.columns = t.columns
            self.tables.insert(0, renamed)
            return [f"ALTER TABLE {t.name} RENAME TO {renamed.name}"]
        return [f"DROP TABLE IF EXISTS {t.name} CASCADE", f"DROP TYPE IF EXISTS {t.state_type}"]

    def statements(self):
        if len(self.tables) < 3:
            return self.create_table()
        return self.rng.choices(
            [self.create_table, self.alter, self.index, self.backfill, self.function, self.do_block, self.comment,
             self.rename_or_drop],
            weights=[10, 40, 18, 8, 4, 3, 5, 1])[0]()


def migration(history, i):
    """One file's text and its statement count."""
    want = history.rng.randint(3, 24)
    parts = [f"-- Migration {i + 1}: generated step {i}\n-- Reviewed-by: bench/gen_sql_history.py\n"]
    if i % 3 == 0:
        parts.append("SET lock_timeout = '5s';\nSET statement_timeout = '15min';\n")
    count = 2 if i % 3 == 0 else 0
    while count < want:
        if history.rng.random() < 0.15:
            parts.append("/* batch boundary: the statements below go together */\n")
        for statement in history.statements():
            parts.append(statement + ";\n")
            count += 1
    return "\n".join(parts), count


def main():
    args = sys.argv[1:]
    statements = None
    if "--statements" in args:
        at = args.index("--statements")
        statements = int(args[at + 1])
        del args[at:at + 2]
    out = args[0]
    files = int(args[1]) if len(args) > 1 else 2000
    os.makedirs(out, exist_ok=True)
    history = History()
    written = total = size = i = 0
    while (total < statements) if statements is not None else (i < files):
        text, count = migration(history, i)
        data = text.encode()
        with open(os.path.join(out, f"{i + 1:05d}_step_{i}.sql"), "wb") as f:
            f.write(data)
        written += 1
        total += count
        size += len(data)
        i += 1
    print(written, total, size)


if __name__ == "__main__":
    main()
