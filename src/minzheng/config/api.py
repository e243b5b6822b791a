"""The JSON API under /api/v1/, OpenAPI document at /api/v1/openapi.json. Each app adds a router."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth

from minzheng.core.api import router as core_router
from minzheng.core.errors import DomainError
from minzheng.core.scope import OutOfScopeError

api = NinjaAPI(
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


api.add_router("/", core_router)
api.add_router("/", "minzheng.registry.api.router")
api.add_router("/", "minzheng.grid.api.router")
