from django.urls import path
from django.views.generic import RedirectView

from minzheng.community import views
from minzheng.community import views_governance as gov

app_name = "community"

urlpatterns = [
    path("", views.project_list, name="project_list"),
    path("projects/export.xlsx", views.project_export, name="project_export"),
    path("projects/new/", views.project_new, name="project_new"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("projects/<int:pk>/start/", views.project_start, name="project_start"),
    path("projects/<int:pk>/complete/", views.project_complete, name="project_complete"),
    path("items/", views.item_list, name="item_list"),
    path("items/new/", views.item_new, name="item_new"),
    path("certificates/", views.certificate_list, name="certificate_list"),
    path("certificates/export.xlsx", views.certificate_export, name="certificate_export"),
    path("certificates/new/", views.certificate_new, name="certificate_new"),
    path("certificates/<int:pk>/", views.certificate_detail, name="certificate_detail"),
    path("certificates/<int:pk>/revoke/", views.certificate_revoke, name="certificate_revoke"),
    path("refusals/", views.refusal_list, name="refusal_list"),
    path("refusals/new/", views.refusal_new, name="refusal_new"),
    path("postings/", views.posting_list, name="posting_list"),
    path("postings/new/", views.posting_new, name="posting_new"),
    path("postings/overdue/", views.posting_overdue, name="posting_overdue"),
    path("postings/overdue/export.xlsx", views.posting_overdue_export, name="posting_overdue_export"),
    path("postings/<int:pk>/", views.posting_detail, name="posting_detail"),
    path("elections/", views.election_list, name="election_list"),
    path("elections/new/", views.election_new, name="election_new"),
    path("elections/<int:pk>/", views.election_detail, name="election_detail"),
    path("elections/<int:pk>/register/", views.election_register, name="election_register"),
    path("elections/<int:pk>/candidates/", views.election_candidate, name="election_candidate"),
    path("elections/<int:pk>/count/", views.election_count, name="election_count"),
    path("elections/<int:pk>/file/", views.election_file, name="election_file"),
    # works projects moved to elderly care (/eldercare/works/): the old addresses answer a permanent redirect
    *(
        path(route, RedirectView.as_view(pattern_name=f"eldercare:{name}", permanent=True, query_string=True))
        for route, name in (
            ("works/", "works_list"),
            ("works/export.xlsx", "works_export"),
            ("works/new/", "works_new"),
            ("works/<int:pk>/", "works_detail"),
            ("works/<int:pk>/report/", "works_report"),
            ("works/<int:pk>/accept/", "works_accept"),
        )
    ),
    path("powers/", gov.power_overview, name="power_overview"),
    path("powers/unpublished.xlsx", gov.power_unpublished_export, name="power_unpublished_export"),
    path("powers/items/<int:pk>/remove/", gov.power_item_remove, name="power_item_remove"),
    path("powers/<str:code>/", gov.power_list_page, name="power_list"),
    path("powers/<str:code>/items/", gov.power_item_add, name="power_item_add"),
    path("powers/<str:code>/adopt/", gov.power_adopt, name="power_adopt"),
    path("powers/<str:code>/publish/", gov.power_publish, name="power_publish"),
    path("powers/<str:code>/revise/", gov.power_revise, name="power_revise"),
    path("awards/", gov.award_list, name="award_list"),
    path("awards/export.xlsx", gov.award_export, name="award_export"),
    path("awards/new/", gov.award_new, name="award_new"),
]
