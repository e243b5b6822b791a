"""Writes of place names, keyword-only; refusals are ``PlacenamesError`` with a Chinese message naming the field,
``PermissionDenied`` when the acting user lacks the capability; ``actor=None`` is the system (seed)."""

from minzheng.placenames.services.names import (  # noqa: F401
    application_apply_move,
    application_create,
    name_check,
    place_name_record,
    place_name_rename,
    place_name_retire,
)
from minzheng.placenames.services.regions import region_change_record  # noqa: F401
from minzheng.placenames.services.signs import (  # noqa: F401
    marker_inspect,
    marker_register,
    repair_complete,
    repair_open,
    sign_inspect,
    sign_register,
)
