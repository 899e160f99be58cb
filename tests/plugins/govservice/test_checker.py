"""One check against real HTTP servers: what each kind of site comes out as."""

import asyncio

import pytest

from plugins.govservice.checker import HostThrottle, check, resembles, site_of
from plugins.govservice.patrol import check_all

WORDS = ["部门统计调查项目审批", "江岭市统计局"]


def run_check(url):
    return asyncio.run(check_all([(1, url, WORDS)]))[0][1]


@pytest.mark.parametrize(
    ("path", "outcome", "reason"),
    [
        ("/ok", "ok", "HTTP 200"),
        ("/portal", "ok", "HTTP 200"),  # a portal titled with its own name
        ("/moved", "ok", "HTTP 200"),  # a redirect within the site
        ("/nohead", "ok", "HTTP 200"),  # HEAD refused: GET answers
        ("/missing", "failed", "HTTP 404"),
        ("/gone", "failed", "HTTP 410"),
        ("/soft", "failed", "软404"),
        ("/offline", "failed", "软404"),
        ("/casino", "failed", "不是政务服务"),
        ("/drift", "failed", "标题与事项不符"),
        ("/foreign", "failed", "localhost"),
        ("/loop", "failed", "循环"),
        ("/chain", "failed", "次数过多"),
        ("/busy", "suspect", "HTTP 429"),
        ("/forbidden", "suspect", "HTTP 403"),
        ("/error", "suspect", "HTTP 503"),
        ("/slow", "suspect", "1 秒"),
    ],
)
def test_each_kind_of_site(sites, path, outcome, reason):
    result = run_check(sites.url + path)
    assert (result.outcome, reason in result.reason) == (outcome, True), result.reason
    assert result.elapsed_ms >= 0


def test_head_first_then_get_for_the_page_and_get_where_head_is_refused(sites):
    run_check(sites.url + "/ok")
    assert sites.hits == [("HEAD", "/ok"), ("GET", "/ok")]
    sites.hits.clear()
    run_check(sites.url + "/nohead")
    assert sites.hits == [("HEAD", "/nohead"), ("GET", "/nohead")]


def test_no_request_reaches_a_private_address_unless_allowed(sites, settings):
    settings.OUTBOUND_ALLOWED_DESTINATIONS = []
    result = run_check(sites.url + "/ok")
    assert result.outcome == "failed" and "内网" in result.reason
    assert sites.hits == []
    assert run_check("ftp://example.invalid/x").outcome == "failed"


def test_a_host_gets_its_requests_one_pair_at_a_time_and_spaced(sites, settings):
    settings.GOVSERVICE_HOST_DELAY = 0.2
    settings.GOVSERVICE_PER_HOST = 1
    links = [(n, f"{sites.url}/missing?{n}", WORDS) for n in range(4)]
    loop_time = asyncio.new_event_loop()
    started = loop_time.time()
    asyncio.set_event_loop(loop_time)
    results = loop_time.run_until_complete(check_all(links))
    loop_time.close()
    asyncio.set_event_loop(None)
    assert [r.outcome for _pk, r in results] == ["failed"] * 4
    # Four requests to one host, their starts 0.2 s apart: at least 0.6 s in all.
    assert loop_time.time() - started >= 0.6


def test_sites_and_titles():
    assert site_of("https://zwfw.gd.gov.cn/item/1") == "gd.gov.cn"
    assert site_of("https://www.gd.gov.cn/") == "gd.gov.cn"
    assert site_of("https://evil.com.cn.example/") == "cn.example"
    assert site_of("http://127.0.0.1:8000/x") == "127.0.0.1"
    assert resembles("统计调查项目审批办事指南", WORDS)
    assert not resembles("澳门新葡京", WORDS)


def test_throttle_is_per_host():
    throttle = HostThrottle(per_host=1, delay=0)

    async def both():
        async with throttle.slot("http://a.example/1"), throttle.slot("http://b.example/1"):
            return True

    assert asyncio.run(both())
    assert check is not None
