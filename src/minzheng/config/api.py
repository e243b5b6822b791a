"""The JSON API under /api/v1/, OpenAPI document at /api/v1/openapi.json. Each app adds a router.

Every refusal is answered here, once, in the shapes of ``core.api`` (documented on every operation by
``core.api.responses``): a request that does not fit the schema and a service's refusal are both 422
``{"field", "message"}`` in Chinese; no session 401, a missing capability 403, out of scope 404
``{"detail"}``. A control character never gets this far: ``core.middleware.InputBoundaryMiddleware`` answers
400 ``{"field", "message"}`` first.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import django_auth

from minzheng.core.api import ERROR_DESCRIPTIONS
from minzheng.core.api import router as core_router
from minzheng.core.errors import DomainError
from minzheng.core.scope import OutOfScopeError

# What ``core.middleware.InputBoundaryMiddleware`` refuses with a 400 in any value of a request: control
# characters other than tab, line feed and carriage return (Unicode Cc). An ECMA 262 pattern, as JSON Schema
# wants, so that the document says which strings are accepted.
NO_CONTROL_CHARACTERS = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$"


class MinzhengAPI(NinjaAPI):
    """The API whose OpenAPI document also says what the HTTP boundary refuses: every string a request
    carries (path, query and body) has :data:`NO_CONTROL_CHARACTERS` as its ``pattern``; each error status
    has its Chinese description (``core.api``)."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        document = super().get_openapi_schema(*args, **kwargs)
        components = document.get("components", {}).get("schemas", {})
        seen: set[str] = set()
        for operations in document.get("paths", {}).values():
            for operation in operations.values():
                for status, answer in operation.get("responses", {}).items():
                    if int(status) in ERROR_DESCRIPTIONS:
                        answer["description"] = ERROR_DESCRIPTIONS[int(status)]
                for parameter in operation.get("parameters", ()):
                    _pattern_strings(parameter.get("schema", {}), components, seen)
                for media in operation.get("requestBody", {}).get("content", {}).values():
                    _pattern_strings(media.get("schema", {}), components, seen)
        return document


def _pattern_strings(node: Any, components: dict[str, Any], seen: set[str]) -> None:
    """Give every free-text string of an input schema (following ``$ref`` into the components, each once)
    the pattern the boundary enforces; a string with its own format, enum or pattern keeps it."""
    if isinstance(node, list):
        for item in node:
            _pattern_strings(item, components, seen)
        return
    if not isinstance(node, dict):
        return
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
        name = ref.rsplit("/", 1)[1]
        if name not in seen:
            seen.add(name)
            _pattern_strings(components.get(name), components, seen)
        return
    if node.get("type") == "string" and not {"format", "enum", "pattern", "const"} & node.keys():
        node["pattern"] = NO_CONTROL_CHARACTERS
    if node.get("type") == "object" and isinstance(node.get("additionalProperties"), dict):
        node.setdefault("propertyNames", {"pattern": NO_CONTROL_CHARACTERS})  # a free-form map's keys
    for key in ("properties", "patternProperties"):
        for child in (node.get(key) or {}).values():
            _pattern_strings(child, components, seen)
    for key in ("items", "additionalProperties", "anyOf", "oneOf", "allOf", "not"):
        if key in node:
            _pattern_strings(node[key], components, seen)


api = MinzhengAPI(
    title="minzheng 民政综合业务平台 API",
    version="1",
    urls_namespace="api",
    auth=django_auth,
    docs_url="/docs",
    openapi_url="/openapi.json",
)


@api.exception_handler(OutOfScopeError)
def _out_of_scope(request: HttpRequest, exc: OutOfScopeError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=404)


@api.exception_handler(DomainError)
def _refused(request: HttpRequest, exc: DomainError) -> HttpResponse:
    """Every service refusal, whichever app raised it: 422 with the field and the Chinese message."""
    return api.create_response(request, exc.as_dict(), status=422)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "无权操作"}, status=403)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A request that does not fit the operation's schema: 422 ``{"field", "message"}`` like a service's
    refusal (ninja's default would be pydantic's English ``{"detail": [{"type", "loc", "msg"}]}``). The first
    error names the field; the message lists every error."""
    errors = [_field_error(error) for error in exc.errors] or [(None, "请求不符合接口定义")]
    return api.create_response(
        request, {"field": errors[0][0], "message": "；".join(message for _, message in errors)}, status=422
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """ninja's own refusals, in Chinese: no session (401), no CSRF token (403), a body that is not JSON (400)."""
    if isinstance(exc, AuthenticationError):
        return api.create_response(request, {"detail": "未登录或会话已过期，请先登录"}, status=401)
    if exc.status_code == 400:
        return api.create_response(request, {"field": None, "message": "请求体不是有效的 JSON"}, status=400)
    message = str(exc)
    if message == "CSRF check Failed":
        message = "缺少或错误的 CSRF 令牌（Cookie csrftoken 与请求头 X-CSRFToken）"
    return api.create_response(request, {"detail": message}, status=exc.status_code)


# pydantic's error types, in the words of the rest of the platform's refusals
_MESSAGES = {
    "missing": "缺少必填{label}",
    "int_parsing": "{label}应为整数",
    "int_type": "{label}应为整数",
    "int_from_float": "{label}应为整数",
    "float_parsing": "{label}应为数字",
    "float_type": "{label}应为数字",
    "finite_number": "{label}应为有限的数字",
    "bool_parsing": "{label}应为 true 或 false",
    "bool_type": "{label}应为 true 或 false",
    "string_type": "{label}应为文本",
    "dict_type": "{label}应为 JSON 对象",
    "model_type": "{label}应为 JSON 对象",
    "model_attributes_type": "{label}应为 JSON 对象",
    "list_type": "{label}应为数组",
    "greater_than_equal": "{label}不能小于{ge}",
    "greater_than": "{label}应大于{gt}",
    "less_than_equal": "{label}不能大于{le}",
    "less_than": "{label}应小于{lt}",
    "string_too_long": "{label}不能超过{max_length}个字符",
    "string_too_short": "{label}至少{min_length}个字符",
    "too_long": "{label}不能超过{max_length}项",
    "too_short": "{label}至少{min_length}项",
    "extra_forbidden": "不认识的{label}（见接口文档 /api/v1/docs）",
    "literal_error": "{label}应为 {expected}",
    "enum": "{label}应为 {expected}",
    "date_parsing": "{label}应为日期（格式：2020-01-31）",
    "date_from_datetime_parsing": "{label}应为日期（格式：2020-01-31）",
    "date_from_datetime_inexact": "{label}应为日期（格式：2020-01-31）",
    "date_type": "{label}应为日期（格式：2020-01-31）",
}

# where ninja puts a parameter: its location, then (for a body or a Query schema) the parameter's name
_LOCATIONS = {"body": "字段", "query": "查询参数", "path": "路径参数", "header": "请求头", "cookie": "Cookie"}


def _field_error(error: dict[str, Any]) -> tuple[str | None, str]:
    """(field, Chinese message) of one of ninja's validation errors, e.g. ``{"type": "missing", "loc":
    ["body", "payload", "code"]}`` → ``("code", "缺少必填字段“code”")``."""
    loc = [str(part) for part in error.get("loc", ())]
    where = _LOCATIONS.get(loc[0], "") if loc else ""
    names = loc[2:] if loc[:1] == ["body"] else loc[1:]
    field = ".".join(names) or None
    label = f"{where}“{field}”" if field else ("请求体" if loc[:1] == ["body"] else "请求")
    template = _MESSAGES.get(str(error.get("type")), "{label}的值无效")
    context = {
        key: value for key, value in (error.get("ctx") or {}).items() if isinstance(value, (int, float, str))
    }
    try:
        message = template.format(label=label, **context)
    except (KeyError, IndexError):
        message = f"{label}的值无效"
    return field, message


api.add_router("/", core_router)
api.add_router("/", "minzheng.registry.api.router")
api.add_router("/", "minzheng.grid.api.router")
api.add_router("/", "minzheng.marriage.api.router")
api.add_router("/", "minzheng.rescue.api.router")
api.add_router("/", "minzheng.orgs.api.router")
api.add_router("/", "minzheng.funeral.api.router")
api.add_router("/", "minzheng.community.api.router")
api.add_router("/", "minzheng.eldercare.api.router")
api.add_router("/", "minzheng.charity.api.router")
api.add_router("/", "minzheng.supplies.api.router")
api.add_router("/", "minzheng.placenames.api.router")
api.add_router("/", "minzheng.policy.api.router")
api.add_router("/", "minzheng.datasets.api.router")
api.add_router("/", "minzheng.children.api.router")
api.add_router("/", "minzheng.disability.api.router")
