from django.contrib import admin
from django.urls import include, path

from minzheng.config.api import api
from minzheng.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("cases/", include("minzheng.casework.urls")),
    path("benefits/", include("minzheng.benefits.urls")),
    path("assistance/", include("minzheng.assistance.urls")),
    path("eldercare/", include("minzheng.eldercare.urls")),
    path("children/", include("minzheng.children.urls")),
    path("disability/", include("minzheng.disability.urls")),
    path("datasets/", include("minzheng.datasets.urls")),
    path("funeral/", include("minzheng.funeral.urls")),
    path("api/funeral/", include("minzheng.funeral.urls_api")),
    path("rescue/", include("minzheng.rescue.urls")),
    path("placenames/", include("minzheng.placenames.urls")),
    path("charity/", include("minzheng.charity.urls")),
    path("supplies/", include("minzheng.supplies.urls")),
    path("orgs/", include("minzheng.orgs.urls")),
    path("marriage/", include("minzheng.marriage.urls")),
    path("community/", include("minzheng.community.urls")),
    path("verify/certificates/", include("minzheng.community.urls_public")),
    path("policy/", include("minzheng.policy.urls")),
    path("grid/", include("minzheng.grid.urls")),
    path("open311/v2/", include("minzheng.grid.urls_open311")),
    path("reports/", include("minzheng.reports.urls")),
    path("m/", include("minzheng.portal.urls")),
    path("citizens/", include("minzheng.portal.urls_staff")),
    path("registry/import/", include("minzheng.registry.urls_import")),
    path("registry/", include("minzheng.registry.urls")),
    path("", include("minzheng.core.urls")),
]
