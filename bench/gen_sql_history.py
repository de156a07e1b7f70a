#!/usr/bin/env python3
"""Writes a history of N generated SQL migrations (flat NNNN_name.sql) into DIR.

The history is one evolving schema: tables created, columns added and
altered, enum types created and used, indexes, constraints, renames, and now
and then a table dropped, so the replayed schema state grows as it would in a
long-lived project. Usage: gen_sql_history.py DIR [N]
"""
import os
import sys


def migration(i):
    t = f"t{i // 4}"  # four migrations per table
    step = i % 4
    if step == 0:
        return (f"CREATE TYPE {t}_state AS ENUM ('new', 'active', 'closed');\n"
                f"CREATE TABLE {t} (id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT {t}_pkey PRIMARY KEY,"
                f" name text NOT NULL, state {t}_state NOT NULL DEFAULT 'new', created_at timestamptz DEFAULT now());\n"
                f"CREATE INDEX {t}_name_idx ON {t} (name);\n")
    if step == 1:
        return (f"ALTER TABLE {t} ADD COLUMN owner_id bigint;\n"
                f"CREATE INDEX CONCURRENTLY {t}_owner_idx ON {t} (owner_id);\n"
                f"ALTER TABLE {t} ADD CONSTRAINT {t}_owner_fk FOREIGN KEY (owner_id) REFERENCES t0 (id) NOT VALID;\n")
    if step == 2:
        return (f"ALTER TABLE {t} VALIDATE CONSTRAINT {t}_owner_fk;\n"
                f"UPDATE {t} SET name = trim(name) WHERE name <> trim(name);\n"
                f"ALTER TABLE {t} ALTER COLUMN name SET NOT NULL;\n"
                f"ALTER TYPE {t}_state ADD VALUE 'archived';\n")
    prev = f"t{i // 4 - 1}"
    body = f"ALTER TABLE {t} RENAME COLUMN name TO title;\nCREATE INDEX {t}_created_idx ON {t} (created_at);\n"
    if i // 4 > 0 and (i // 4) % 10 == 0:
        body += f"DROP TABLE {prev};\nDROP TYPE {prev}_state;\n"
    return body


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    os.makedirs(out, exist_ok=True)
    for i in range(count):
        with open(os.path.join(out, f"{i + 1:05d}_step_{i}.sql"), "w") as f:
            f.write(migration(i))


if __name__ == "__main__":
    main()
