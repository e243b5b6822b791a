"""Writes to the registry (HackSoft style: services write, selectors read). One module per entity;
everything public is re-exported here, so callers write ``from minzheng.registry import services``."""

from minzheng.registry.services._common import RegistryError
from minzheng.registry.services.households import (
    household_add_member,
    household_create,
    household_remove_member,
    household_set_head,
    household_update,
    membership_close,
)
from minzheng.registry.services.houses import house_create, house_update
from minzheng.registry.services.merging import duplicate_dismiss, duplicate_merge, person_links
from minzheng.registry.services.persons import (
    EXPORT_HEADERS,
    EXPORT_MAX_ROWS,
    PersonExport,
    person_create,
    person_export,
    person_move_house,
    person_reveal,
    person_search_log,
    person_set_status,
    person_update,
    person_view_log,
)

__all__ = [
    "EXPORT_HEADERS",
    "EXPORT_MAX_ROWS",
    "PersonExport",
    "RegistryError",
    "duplicate_dismiss",
    "duplicate_merge",
    "house_create",
    "house_update",
    "household_add_member",
    "household_create",
    "household_remove_member",
    "household_set_head",
    "household_update",
    "membership_close",
    "person_create",
    "person_export",
    "person_links",
    "person_move_house",
    "person_reveal",
    "person_search_log",
    "person_set_status",
    "person_update",
    "person_view_log",
]
