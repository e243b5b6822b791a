import pytest
from django.core.management import call_command

from minzheng.cli import main
from minzheng.core.models import User


@pytest.mark.django_db
def test_demo_prepares_one_login_per_role(capsys):
    call_command("demo", "--no-serve", "--scale", "0.01")
    out = capsys.readouterr().out
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == {r for r, _ in User._meta.get_field("role").choices}
    assert "wangge" in out and "Minzheng@2026" in out
    assert User.objects.get(username="wangge").region.level == "grid"


def test_help_prints_usage(capsys):
    main(["--help"])
    assert "minzheng demo" in capsys.readouterr().out
