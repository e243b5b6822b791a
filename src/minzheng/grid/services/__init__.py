"""Writes of the grid domain, one module per subject; import them from here."""

from minzheng.grid.services._common import GridError
from minzheng.grid.services.campaigns import (
    campaign_close,
    campaign_create,
    campaign_grids_assign,
    checkin_record,
    observation_end,
    observation_start,
    visit_record,
)
from minzheng.grid.services.clients import (
    open311_client_authenticate,
    open311_client_create,
    open311_client_issue,
    open311_client_set_active,
)
from minzheng.grid.services.departments import department_create, department_set_active, department_users_set
from minzheng.grid.services.events import event_act, event_report
from minzheng.grid.services.grids import (
    grid_locate,
    grid_profile_update,
    grid_profiles_ensure,
    grid_worker_assign,
    grid_worker_leave,
    grid_worker_register,
    grid_worker_unassign,
    training_record_add,
)
from minzheng.grid.services.history import EventHistory, EventStep, events_history_record
from minzheng.grid.services.weights import performance_weights_set

__all__ = [
    "EventHistory",
    "EventStep",
    "GridError",
    "campaign_close",
    "campaign_create",
    "campaign_grids_assign",
    "checkin_record",
    "department_create",
    "department_set_active",
    "department_users_set",
    "event_act",
    "event_report",
    "events_history_record",
    "grid_locate",
    "grid_profile_update",
    "grid_profiles_ensure",
    "grid_worker_assign",
    "grid_worker_leave",
    "grid_worker_register",
    "grid_worker_unassign",
    "observation_end",
    "observation_start",
    "open311_client_authenticate",
    "open311_client_create",
    "open311_client_issue",
    "open311_client_set_active",
    "performance_weights_set",
    "training_record_add",
    "visit_record",
]
