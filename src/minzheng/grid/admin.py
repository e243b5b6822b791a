"""System administration of the grid domain's reference data (the classification, the weights)."""

from typing import Any

from django import forms
from django.contrib import admin

from minzheng.grid.models import Department, EventCategory, Open311Client, PerformanceWeights
from minzheng.grid.rules import AttributeValueError, check_attribute_definitions


class EventCategoryForm(forms.ModelForm):
    class Meta:
        model = EventCategory
        fields = "__all__"  # noqa: DJ007  (reference data edited whole by the city)

    def clean_attributes(self) -> Any:
        try:
            return check_attribute_definitions(self.cleaned_data["attributes"] or [])
        except AttributeValueError as exc:
            raise forms.ValidationError(exc.message) from exc


@admin.register(EventCategory)
class EventCategoryAdmin(admin.ModelAdmin):
    form = EventCategoryForm
    list_display = (
        "code",
        "name",
        "parent",
        "handler_function",
        "deadline_amount",
        "deadline_unit",
        "active",
    )
    list_filter = ("active", "handler_function", "parent")
    search_fields = ("code", "name", "keywords")


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "function", "region", "active")
    list_filter = ("function", "active")
    search_fields = ("name",)
    raw_id_fields = ("region",)
    filter_horizontal = ("users",)


@admin.register(Open311Client)
class Open311ClientAdmin(admin.ModelAdmin):
    list_display = ("name", "source", "jurisdiction_id", "key_prefix", "active", "created_at")
    readonly_fields = ("key_prefix",)
    exclude = ("key_hash",)

    def has_add_permission(self, request) -> bool:  # noqa: ANN001  (keys are issued on the grid page)
        return False


@admin.register(PerformanceWeights)
class PerformanceWeightsAdmin(admin.ModelAdmin):
    list_display = (
        "effective_from",
        "reported",
        "on_time_handling",
        "closure",
        "on_time_closure",
        "rework",
        "satisfaction",
        "visits",
    )
