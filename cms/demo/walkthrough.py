"""What ``load_demo`` prints after the accounts for the core's inspection-ready site: where
the self-inspection, the serious-error list and the disclosure catalogue are."""

from django.urls import reverse


def walkthrough(base_url: str) -> list[str]:
    base = (base_url or "").rstrip("/")
    return [
        "网站自查（政府网站检查指标）：",
        f"  报告 → 网站自查  {base}{reverse('policy_cms_self_inspection')}",
        f"  设置 → 严重错误表述  {base}{reverse('wagtailsnippets_cms_seriouserrorentry:list')}",
        f"  政府信息公开目录  {base}{reverse('catalogue')}",
    ]
