"""The synthetic year of community governance (community/seeding.py): the seed's named projects make figures 17–18,
the city's 证明事项清单 holds the 20 items of 民发〔2020〕20号, every village and community posts its year (a few late
or missing), certificates and refusals go through the services, a 第九届 election per district is filed — and a
re-run adds nothing."""

from datetime import date

import pytest

from minzheng.community import indicators, rules, selectors
from minzheng.community.models import CertificateItem, Election, IssuedCertificate, Posting, Project, Refusal
from minzheng.community.seeding import community_seed
from minzheng.core.models import Region
from minzheng.registry.synthetic import synthetic_registry_seed
from minzheng.reports.figures import figure_get, seed_target

pytestmark = pytest.mark.django_db
SCALE = 0.002
YEAR = (date(2020, 1, 1), date(2020, 12, 31))


@pytest.fixture(scope="module")
def personas(module_personas):  # noqa: ANN201
    return module_personas


# made once for the module (conftest's ``module_db``): each test runs in a savepoint of it
@pytest.fixture(scope="module")
def year(personas):  # noqa: ANN201
    synthetic_registry_seed(scale=SCALE, random_seed=7)
    return community_seed(scale=SCALE, random_seed=7, year=2020)


def test_the_named_projects_make_figures_17_and_18_at_any_scale(year):
    city = Region.objects.get(parent__isnull=True)
    assert indicators.centres_built(city, *YEAR) == seed_target("big_community_centres", SCALE) == 3
    assert indicators.pilot_sites_built(city, *YEAR) == seed_target("rural_pilot_sites", SCALE) == 2
    assert figure_get("rural_pilot_sites").indicator == "community.pilot_sites_built"
    # 秀英区 holds 美德村's centre and both pilot sites; 龙华区 the two other centres
    assert indicators.centres_built(Region.objects.get(code="460106"), *YEAR) == 2
    assert indicators.pilot_sites_built(Region.objects.get(code="460105"), *YEAR) == 2
    assert all(p.facility_list() and p.service_list() for p in Project.objects.all())


def test_the_list_postings_certificates_and_elections(year, personas):
    refused = set(CertificateItem.objects.filter(allowed=False).values_list("name", flat=True))
    assert refused == set(rules.REFUSED_FIRST_BATCH) and len(refused) == 20
    communities = Region.objects.filter(level=Region.Level.COMMUNITY).count()
    posted = Posting.objects.filter(period_start__year=2020).count()
    assert communities * 12 * 0.9 < posted < communities * 12
    assert Posting.objects.filter(posted_on__gt=models_due()).exists()  # some late
    overdue = selectors.postings_overdue(user=personas.city, since=date(2020, 1, 1), today=date(2021, 1, 11))
    assert len(overdue) == communities * 12 - posted
    assert IssuedCertificate.objects.exists() and Refusal.objects.exists()
    assert all(r.reason == rules.REFUSED_REASON for r in Refusal.objects.all())
    filed = Election.objects.filter(status=Election.Status.FILED, term=9)
    assert filed.exists() and all(e.valid and e.voted * 2 > e.registered for e in filed)
    assert all(e.candidates.filter(elected=True).count() <= e.seats for e in filed)


def models_due():  # noqa: ANN201
    from django.db.models import F

    return F("due_on")


def test_a_rerun_adds_nothing(year):
    before = (Project.objects.count(), Posting.objects.count(), IssuedCertificate.objects.count(),
              Refusal.objects.count(), Election.objects.count(), CertificateItem.objects.count())  # fmt: skip
    line = community_seed(scale=SCALE, random_seed=7, year=2020)
    assert "项目新增0个" in line and "公开新增0条" in line and "清单新增0项" in line
    after = (Project.objects.count(), Posting.objects.count(), IssuedCertificate.objects.count(),
             Refusal.objects.count(), Election.objects.count(), CertificateItem.objects.count())  # fmt: skip
    assert after == before


def test_most_committees_publish_the_guide_list_and_the_year_honours_its_most_beautiful_workers(year):
    from minzheng.community.models import Award, PowerItem, PowerList
    from minzheng.community.seeding import AWARDEES

    committees = Region.objects.filter(level=Region.Level.COMMUNITY).count()
    published = PowerList.objects.filter(status="published", region__level=Region.Level.COMMUNITY)
    guide = PowerList.objects.get(region__parent__isnull=True)
    assert guide.items.count() == len(rules.POWER_GUIDE_DEMO) and guide.status == "published"
    assert 0.7 * committees < published.count() < committees  # some villages are left for the overview
    assert PowerItem.objects.filter(power_list__in=published).count() == published.count() * len(
        rules.POWER_GUIDE_DEMO
    )
    assert all(
        date(2020, 10, 8) <= d <= date(2020, 12, 31) for d in published.values_list("published_on", flat=True)
    )
    honoured = Award.objects.filter(year=2020, title=Award.Title.MOST_BEAUTIFUL, edition="第二届")
    assert 0 < honoured.count() <= AWARDEES
    assert len({a.region_id for a in honoured}) == honoured.count()  # one a community
    line = community_seed(scale=SCALE, random_seed=7, year=2020)
    assert "公布小微权力清单0个" in line and "表彰最美社区工作者0人" in line
    assert PowerList.objects.count() == published.count() + 1
