"""The JSON API under /api/v1/, OpenAPI document at /api/v1/openapi.json. Each app adds a router."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth

from minzheng.core.api import router as core_router
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


api.add_router("/", core_router)
api.add_router("/", "minzheng.registry.api.router")
api.add_router("/", "minzheng.grid.api.router")
