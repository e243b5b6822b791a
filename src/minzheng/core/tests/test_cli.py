from minzheng.cli import main


def test_help_prints_usage(capsys):
    main(["--help"])
    assert "minzheng demo" in capsys.readouterr().out
