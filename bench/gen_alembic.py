#!/usr/bin/env python3
"""Writes N generated Alembic revision files, one linear chain, into DIR.

Each revision is realistic in shape: a docstring, metadata, create_table with
sa.Column types and constraints, add_column, an index, an op.execute of SQL,
batch_alter_table and a downgrade; every fifth one has a hazard to report.
Usage: gen_alembic.py DIR [N]
"""
import os
import sys


def revision_id(i):
    return f"{i:04x}{(i * 2654435761) % (1 << 32):08x}"


def one(i):
    rev = revision_id(i)
    down = "None" if i == 0 else f"'{revision_id(i - 1)}'"
    table = f"table_{i}"
    hazard = ""
    if i % 5 == 4:
        hazard = f"    op.create_index('ix_{table}_prev', 'table_{i - 1}', ['name'])\n"
    return f'''"""generated revision {i}

Revision ID: {rev}
Revises: {"" if i == 0 else revision_id(i - 1)}
Create Date: 2026-01-01 00:00:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "{rev}"
down_revision = {down}
branch_labels = None
depends_on = None

TRIGGER_SQL = """
CREATE OR REPLACE FUNCTION touch_{table}() RETURNS trigger AS $$
BEGIN
    NEW.updated_at = now();
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""


def upgrade():
    op.create_table(
        "{table}",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("status", postgresql.ENUM("new", "done", name="status_{i}"), nullable=True),
        sa.Column("payload", postgresql.JSONB(), server_default=sa.text("'{{}}'::jsonb")),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
        sa.Column("owner_id", sa.BigInteger(), sa.ForeignKey("users.id", name="fk_{table}_owner")),
        sa.UniqueConstraint("name", name="uq_{table}_name"),
    )
    op.create_index("ix_{table}_owner", "{table}", ["owner_id"])
    op.execute(TRIGGER_SQL)
    with op.batch_alter_table("{table}") as batch_op:
        batch_op.add_column(sa.Column("note", sa.Text(), nullable=True))
{hazard}

def downgrade():
    op.drop_index("ix_{table}_owner", table_name="{table}")
    op.drop_table("{table}")
    op.execute("DROP TYPE status_{i}")
    op.execute("DROP FUNCTION IF EXISTS touch_{table}()")
'''


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    os.makedirs(out, exist_ok=True)
    for i in range(count):
        with open(os.path.join(out, f"{i:04d}_{revision_id(i)}_generated.py"), "w") as f:
            f.write(one(i))


if __name__ == "__main__":
    main()
