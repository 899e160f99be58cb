"""The service links plugin's settings: Django settings first, then these defaults; read as every
plugin reads its settings (cms.extend.plugin_settings)."""

from cms.plugin_api import PluginSettings

DEFAULTS = {
    # How often beat wakes the patrol (seconds); each run checks the links that are due.
    "GOVSERVICE_PATROL_INTERVAL": 15 * 60,
    # A working link is checked again after this many hours; a failing one sooner.
    "GOVSERVICE_CHECK_EVERY_HOURS": 6,
    "GOVSERVICE_RECHECK_FAILING_HOURS": 1,
    # Broken after this many failing checks in a row spanning at least these hours; hard
    # failures (404, 410, soft 404, a foreign redirect, a drifted title) sooner.
    "GOVSERVICE_BROKEN_AFTER": (3, 24),
    "GOVSERVICE_HARD_BROKEN_AFTER": (2, 1),
    # What the national inspectors allow a page to take, in seconds.
    "GOVSERVICE_TIMEOUT": 15,
    "GOVSERVICE_MAX_REDIRECTS": 5,
    # Requests at once in all, and to one host, with a pause between one host's requests
    # (bursts get a checker blocked).
    "GOVSERVICE_CONCURRENCY": 20,
    "GOVSERVICE_PER_HOST": 2,
    "GOVSERVICE_HOST_DELAY": 0.5,
    # A 200 page whose title or text matches one of these is a soft 404.
    "GOVSERVICE_SOFT_404_PATTERNS": (
        r"页面不存在",
        r"页面未找到",
        r"找不到(该|此)?页面",
        r"事项已下线",
        r"已停用",
        r"已撤销",
        r"\b404\b",
        r"not found",
    ),
    # A page with one of these in its title or text is not a government service any more
    # (expired domains get re-registered by gambling sites).
    "GOVSERVICE_DRIFT_PATTERNS": (r"博彩", r"娱乐城", r"赌场", r"彩票", r"棋牌", r"casino"),
    # Words a portal's own title may consist of, so a portal page titled only with its
    # name (“某某市政务服务网”) still resembles the item it shows.
    "GOVSERVICE_PORTAL_WORDS": ("政务服务", "一网通办", "网上办事", "办事大厅", "在线办理"),
    # Domains a redirect may lead to besides the link's own (a province's portal).
    "GOVSERVICE_TRUSTED_DOMAINS": (),
    # A broken link on the public pages: "unavailable" (shown as 暂不可用) or "hide".
    "GOVSERVICE_BROKEN_DISPLAY": "unavailable",
    # Reports → 失效链接 lists links that recovered within this many days.
    "GOVSERVICE_RECOVERED_DAYS": 7,
    # Checks older than this are deleted by the patrol.
    "GOVSERVICE_KEEP_CHECKS_DAYS": 180,
}


get = PluginSettings(DEFAULTS).get
