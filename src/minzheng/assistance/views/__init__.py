"""Pages of social assistance: thin views over the selectors (reads) and services (writes)."""
