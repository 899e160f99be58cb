"""The search backends under test, each a real engine:

* ``embedded``: the Tantivy index in a temporary folder;
* ``opensearch``: opensearch-py against osmem-server (an in-memory OpenSearch);
* ``elasticsearch``: the official Elasticsearch 8 client against the same server,
  through a small proxy that does what a real Elasticsearch would: it accepts the
  client's ``compatible-with=8`` media type (osmem, like OpenSearch, refuses it) and
  names the product in its answer. The proxy records every body, so the suite can
  check the official client sent exactly what the OpenSearch lane sent.
"""

import http.client
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

BACKENDS = ["embedded", "opensearch", "elasticsearch"]
ID_FIELDS = {"agency.id", "division.id"}


def _without_ids(body):
    """A body with database ids masked: the lanes' rows get different ids on PostgreSQL."""
    if isinstance(body, dict):
        return {k: "<id>" if k in ID_FIELDS else _without_ids(v) for k, v in body.items()}
    if isinstance(body, list):
        return [_without_ids(item) for item in body]
    return body


# Bodies of _search requests per (test, lane), for the comparison between lanes.
SENT: dict[tuple[str, str], list[dict]] = {}


class RecordingProxy:
    def __init__(self, upstream: str):
        self.upstream = urlsplit(upstream)
        self.lane = ""
        self.test = ""
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def _forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                if body and self.path.split("?")[0].endswith("/_search"):
                    SENT.setdefault((proxy.test, proxy.lane), []).append(
                        _without_ids(json.loads(body))
                    )
                headers = {
                    k: v
                    for k, v in self.headers.items()
                    if k.lower() not in {"host", "content-length", "content-type", "accept"}
                }
                headers["Content-Type"] = (
                    "application/x-ndjson" if "_bulk" in self.path else "application/json"
                )
                connection = http.client.HTTPConnection(
                    proxy.upstream.hostname, proxy.upstream.port, timeout=30
                )
                connection.request(self.command, self.path, body=body, headers=headers)
                answer = connection.getresponse()
                data = answer.read()
                self.send_response(answer.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("X-Elastic-Product", "Elasticsearch")
                self.end_headers()
                self.wfile.write(data)
                connection.close()

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="session")
def search_proxy():
    from osmem_server import OsmemServer

    with OsmemServer.start(seed=[], freeze=False) as server:
        proxy = RecordingProxy(server.url)
        yield proxy
        proxy.close()


@pytest.fixture(params=BACKENDS)
def search_backend(request, settings, tmp_path):
    """Point the settings at one backend, with an empty index; yields its name."""
    from search.backends import get_backend

    lane = request.param
    # The same test with the same other parameters, whichever lane runs it.
    case = request.node.name.replace(lane, "*")
    if lane == "embedded":
        settings.SEARCH_BACKEND = "embedded"
        settings.SEARCH_EMBEDDED_PATH = tmp_path / "search"
    else:
        proxy = request.getfixturevalue("search_proxy")
        proxy.lane, proxy.test = lane, case
        settings.SEARCH_BACKEND = lane
        settings.SEARCH_URL = proxy.url
        settings.SEARCH_INDEX = f"policies-test-{request.node.originalname[:40]}"
    get_backend().reset()
    yield lane
    if lane == "elasticsearch":
        sent = SENT.get((case, "elasticsearch"), [])
        proved = SENT.get((case, "opensearch"), [])
        assert sent == proved, "the official client sent other bodies than opensearch-py"
    if (
        lane == "elasticsearch"
        and request.node.originalname != "test_malformed_parameters_are_400_json"
    ):
        assert sent, "no search reached the engine"
