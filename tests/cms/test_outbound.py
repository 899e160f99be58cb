"""Issue 25.8: one outbound guard (cms.operations.outbound) for every request the server makes of
other sites: the link patrol and the webhooks. Resolve once and connect to the checked
address; no private, loopback, link-local, NAT64/6to4-mapped or unspecified address; ports
80 and 443 unless a setting lists more; no response body kept of a failed delivery."""

import ipaddress

import httpcore
import httpx
import pytest

from cms.models import Delivery
from cms.operations import outbound
from cms.review import bundle as bundles
from plugins.channels.models import WebhookSubscription

REFUSED = [
    "127.0.0.1",
    "10.0.0.8",
    "172.16.0.1",
    "192.168.1.1",
    "169.254.169.254",  # cloud metadata
    "100.64.0.1",  # shared address space
    "0.0.0.0",
    "224.0.0.1",
    "::",
    "::1",
    "fe80::1",
    "fc00::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
    "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
    "64:ff9b::c0a8:101",  # NAT64 of 192.168.1.1
    "2002:7f00:1::1",  # 6to4 of 127.0.0.1
    "2002:a00:1::",  # 6to4 of 10.0.0.1
    "::7f00:1",  # IPv4-compatible 127.0.0.1
    "64:ff9b:1::a00:1",  # local-use NAT64
]
PUBLIC = ["93.184.216.34", "2606:4700:4700::1111", "64:ff9b::5db8:d822", "2002:5db8:d822::1"]


@pytest.mark.parametrize("address", REFUSED)
def test_private_and_mapped_private_addresses_are_refused(address):
    assert not outbound.is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_and_their_mapped_forms_pass(address):
    assert outbound.is_public(ipaddress.ip_address(address))


class Resolver:
    """A simulated DNS server: each lookup gets the next answer (the last one repeats)."""

    def __init__(self, *answers):
        self.answers, self.lookups = list(answers), []

    def __call__(self, host, port):
        if outbound._literal(host):  # an address resolves to itself
            return [(None, None, None, "", (host.strip("[]"), port))]
        self.lookups.append(host)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        return [(None, None, None, "", (address, port)) for address in answer]


@pytest.fixture
def dns(monkeypatch):
    def install(*answers):
        resolver = Resolver(*answers)
        monkeypatch.setattr(outbound, "_getaddrinfo", resolver)
        return resolver

    return install


@pytest.mark.parametrize("address", REFUSED)
def test_a_host_resolving_to_a_private_address_is_refused(dns, address, settings):
    dns([address])
    with pytest.raises(outbound.RefusedDestination, match="内网"):
        outbound.resolve("https://hooks.example.org/x")


def test_one_private_address_among_public_ones_refuses_the_host(dns):
    dns(["93.184.216.34", "10.0.0.8"])
    with pytest.raises(outbound.RefusedDestination):
        outbound.resolve("http://mixed.example.org/")


def test_only_ports_80_and_443_unless_a_setting_lists_more(dns, settings):
    dns(["93.184.216.34"])
    assert outbound.resolve("http://example.org/").port == 80
    assert outbound.resolve("https://example.org/").port == 443
    for url in ("http://example.org:8080/", "https://example.org:22/", "http://example.org:0/"):
        with pytest.raises(outbound.RefusedDestination, match="端口"):
            outbound.resolve(url)
    settings.OUTBOUND_ALLOWED_PORTS = [8080]
    assert outbound.resolve("http://example.org:8080/").addresses == ("93.184.216.34",)
    for url in ("ftp://example.org/", "file:///etc/passwd", "http://example.org:99999/"):
        with pytest.raises(outbound.RefusedDestination, match="http"):
            outbound.resolve(url)


def test_the_allowlist_names_addresses_networks_and_ports(dns, settings):
    settings.OUTBOUND_ALLOWED_DESTINATIONS = ["127.0.0.1:8000", "[::1]:9000", "10.1.0.0/16"]
    dns(["127.0.0.1"])
    assert outbound.resolve("http://localhost:8000/")
    with pytest.raises(outbound.RefusedDestination):
        outbound.resolve("http://localhost:8001/")
    dns(["::1"])
    assert outbound.resolve("http://localhost:9000/")
    dns(["10.1.2.3"])
    assert outbound.resolve("https://intranet.example/")
    with pytest.raises(outbound.RefusedDestination):  # a network without a port: 80 and 443
        outbound.resolve("http://intranet.example:8080/")
    settings.OUTBOUND_ALLOWED_DESTINATIONS = ["10.1.2.3:*"]
    assert outbound.resolve("http://intranet.example:8080/")
    dns(["10.1.2.4"])
    with pytest.raises(outbound.RefusedDestination):
        outbound.resolve("http://intranet.example:8080/")


class Recorder(httpcore.NetworkBackend):
    """The network below the guard: notes where each connection goes, connects nowhere."""

    def __init__(self):
        self.connections = []

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        self.connections.append((host, port))
        raise httpcore.ConnectError("not in a test")


def test_dns_rebinding_cannot_move_the_connection_to_a_checked_host(dns, monkeypatch):
    """The host is resolved once: the connection goes to the address that was checked,
    whatever a second lookup would answer."""
    resolver = dns(["93.184.216.34"], ["127.0.0.1"])
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:3128")  # not honoured
    with outbound.sync_client(timeout=1) as client:
        recorder = Recorder()
        client._transport._pool._network_backend.inner = recorder
        with pytest.raises(httpx.ConnectError):
            client.get("http://rebind.example.org/")
    assert resolver.lookups == ["rebind.example.org"]
    assert recorder.connections == [("93.184.216.34", 80)]

    # The async client of the link patrol is the same guard.
    resolver = dns(["127.0.0.1"])

    async def fetch():
        async with outbound.client(timeout=1) as http:
            await http.get("http://rebind.example.org/")

    import asyncio

    with pytest.raises(outbound.RefusedDestination):
        asyncio.run(fetch())


@pytest.fixture
def hook(webhook_receiver, db):
    return WebhookSubscription.objects.create(
        name="内网接收端", url=webhook_receiver.url, secret="s3cret"
    )


def publish(make_policy, capture):
    with capture(execute=True):
        bundles.publish_bundle(make_policy("关于出站请求的通知", live=False))


def test_a_webhook_to_a_loopback_url_is_never_sent(
    hook, webhook_receiver, make_policy, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOUND_ALLOWED_DESTINATIONS = []  # what production has
    publish(make_policy, django_capture_on_commit_callbacks)
    assert webhook_receiver.requests == []
    delivery = Delivery.objects.get(channel="webhook")
    assert delivery.state == Delivery.State.FAILED
    assert "内网" in delivery.last_error and len(delivery.last_error) < 200


def test_a_failed_delivery_keeps_a_status_line_not_the_answer(
    hook, webhook_receiver, make_policy, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # ignored: no proxy
    webhook_receiver.default_status = 500
    webhook_receiver.body = b'{"internal": "db-password=hunter2"}' * 20
    publish(make_policy, django_capture_on_commit_callbacks)
    assert len(webhook_receiver.requests) == 1
    delivery = Delivery.objects.get(channel="webhook")
    assert delivery.last_error == "HTTP 500 Internal Server Error"


def test_the_admin_refuses_a_webhook_url_the_guard_would_never_reach(admin_client, dns):
    from wagtail.test.utils.form_data import nested_form_data

    dns(["93.184.216.34"])
    add = "/admin/snippets/channels/webhooksubscription/add/"

    def post(url):
        data = {"name": "接收端", "url": url, "secret": "s3cret", "topics": "", "is_active": "on"}
        return admin_client.post(add, nested_form_data(data))

    for url, reason in (
        ("http://127.0.0.1:8000/hook", "内网"),
        ("http://[::ffff:10.0.0.1]/hook", "内网"),
        ("https://hooks.example.org:8443/hook", "端口"),
    ):
        response = post(url)
        assert response.status_code == 200 and reason in response.content.decode(), url
    assert not WebhookSubscription.objects.exists()
    assert post("https://hooks.example.org/hook").status_code == 302
    assert WebhookSubscription.objects.get().url == "https://hooks.example.org/hook"
