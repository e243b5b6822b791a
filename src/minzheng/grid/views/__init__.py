"""Pages of the grid domain: thin views over the selectors (reads) and services (writes)."""
