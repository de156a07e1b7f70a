revision = "a1"
down_revision = None
from alembic import op

def upgrade():
    op.create_index("i", "t", ["a"])

def downgrade():
    op.drop_index("i")
