from django.db import models


class Audited(models.Model):
    """Mixin: every create, update and delete of a subclass is written to the audit chain."""

    class Meta:
        abstract = True
