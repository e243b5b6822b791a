"""Writes of social assistance, one module per subject (STYLE: a module past ~500 lines becomes a package)."""
