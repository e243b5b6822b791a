"""No registry models in the Django admin, on purpose.

The admin reads and writes rows without the data scope (core.scope), without the audit of reads and
reveals, and without the services' rules (ID validation, one open membership, merges that move every
link). People, households and houses are kept through the registry's own pages and API, which have all
three; the 系统管理员 role manages accounts, not personal data (separation of duties, 等保 2.0 三级).
"""
