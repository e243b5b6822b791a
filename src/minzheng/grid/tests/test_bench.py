"""The benchmark's pieces that can be checked without timing: reading wrk's report, and the Python load
generator against a running server."""

import pytest

from minzheng.grid.bench import _python_load, parse_wrk

WRK = """Running 30s test @ http://127.0.0.1:40000/open311/v2/requests.json
  1 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    21.02ms    9.10ms 120.33ms   75.10%
    Req/Sec   763.12     80.11     0.95k    70.00%
  Latency Distribution
     50%   19.50ms
     75%   25.10ms
     90%   31.00ms
     99%   52.40ms
  22893 requests in 30.01s, 6.51MB read
  Non-2xx or 3xx responses: 3
Requests/sec:    762.85
Transfer/sec:    222.10KB
"""


def test_wrk_output_is_read():
    result = parse_wrk(WRK)
    assert (result.requests, result.errors) == (22893, 3)
    assert result.p50 == pytest.approx(0.0195) and result.p99 == pytest.approx(0.0524)
    assert result.rate == pytest.approx(22893 / 30.01)


@pytest.mark.django_db(transaction=True)
def test_the_python_generator_drives_a_live_server(live_server):
    result = _python_load(f"{live_server.url}/healthz", None, connections=2, seconds=1)
    assert result.requests > 0 and result.errors == 0 and 0 < result.p50 <= result.p99


def test_the_python_generator_runs_beside_a_running_event_loop(live_server):
    """Playwright's sync API keeps an event loop running in the test thread for the whole session; the bench's
    generator must still run after a browser test (``asyncio.run`` cannot nest)."""
    import asyncio

    def load():  # noqa: ANN202
        return _python_load(f"{live_server.url}/healthz", None, connections=1, seconds=1)

    async def inside_a_loop():  # noqa: ANN202
        return load()

    try:
        asyncio.get_running_loop()
    except RuntimeError:  # no loop in this thread (no browser test ran before in this process): run one
        result = asyncio.run(inside_a_loop())
    else:  # a browser test ran first in this process: Playwright's loop is the running one, the case itself
        result = load()
    assert result.requests > 0 and result.errors == 0
