"""merge left and right"""
revision = "merge4"
down_revision = ("left2", "right3")


def upgrade():
    pass


def downgrade():
    pass
