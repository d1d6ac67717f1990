"""Workbench security: hostile text renders inert, the token cannot be bypassed, errors leak nothing."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from slant.errors import ConfigError
from slant.web import create_app
from slant.web.serve import check_binding
from tests.test_web_data import fill

TOKEN = "s3cret-Token_123"
BASE = "http://127.0.0.1"
PAGES = ["/", "/doc/evil-doc", "/analyze", "/doc/nope", "/?q=%3Cscript%3Ealert(1)%3C/script%3E", "/nowhere"]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = str(tmp_path_factory.mktemp("websec") / "sec.db")
    fill(url)
    return url


@pytest.fixture(scope="module")
def open_client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db, None), base_url=BASE, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="module")
def guarded(db: str) -> Iterator[TestClient]:
    with TestClient(
        create_app(db, TOKEN), base_url="http://example.org", raise_server_exceptions=False
    ) as client:
        yield client


class _Elements(HTMLParser):
    """Every element and attribute a browser would build from the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


OUR_SCRIPTS = (
    {"src": "/static/doc.js"},
    {"src": "/static/analyze.js"},
    {"type": "application/json", "id": "span-data"},
)


def _inert(html: str) -> None:
    """No script but ours, no image, no event handler, no link but to our own paths."""
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.found:
        assert tag not in ("img", "iframe", "object", "embed", "svg", "base", "meta") or tag == "meta", tag
        if tag == "script":
            assert attrs in OUR_SCRIPTS, attrs
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src", "action"):
                assert value is not None and value.startswith(("/", "#")) and not value.startswith("//"), (
                    value
                )
    # the raw markup never appears unescaped
    assert "<script>alert" not in html and "<img src=x" not in html


@pytest.mark.parametrize("path", PAGES)
def test_hostile_text_renders_inert(open_client: TestClient, path: str) -> None:
    response = open_client.get(path, headers={"accept": "text/html"})
    assert response.status_code in (200, 404)
    assert response.headers["content-type"].startswith("text/html")
    _inert(response.text)
    assert "content-security-policy" in response.headers
    assert response.headers["x-content-type-options"] == "nosniff"


def test_hostile_article_keeps_its_text_escaped(open_client: TestClient) -> None:
    html = open_client.get("/doc/evil-doc").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "javascript:alert(1)" in html  # shown as text only, never as a link
    # The hostile category never becomes a class name; the hostile layer is styled as "other".
    # The JSON data block (labels and explanations, set as text by the script) cannot close its element.
    data = html.split('id="span-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data
    markup = html.replace(data, "")
    assert "onmouseover" not in re.sub(r'title="[^"]*"', "", markup).replace("&#34;", "")
    assert "cat-other" in markup  # the hostile category, shown as "other"
    assert '"other"' in data and '"on-' not in data  # the hostile layer's key is "other"


def test_json_responses_are_json(open_client: TestClient) -> None:
    response = open_client.get("/api/documents/evil-doc")
    assert response.headers["content-type"] == "application/json"
    assert response.json()["meta"]["title"].startswith("Title <script>")


def test_unknown_document_page_is_a_404_page(open_client: TestClient) -> None:
    response = open_client.get("/doc/%3Cscript%3Ealert(1)%3C%2Fscript%3E", headers={"accept": "text/html"})
    assert response.status_code == 404
    assert "not found" in response.text and "Traceback" not in response.text
    _inert(response.text)


def test_internal_errors_leak_nothing(db: str) -> None:
    app = create_app(db, None)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("secret detail at /home/user/slant.db line 42")

    app.state.store.stats = broken
    app.state.store.get = broken
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as client:
        response = client.get("/api/stats")
        assert response.status_code == 500
        assert response.json() == {"detail": "internal server error"}
        page = client.get("/doc/ledger-en-bridge", headers={"accept": "text/html"})
        assert page.status_code == 500
        for body in (response.text, page.text):
            assert "secret" not in body and "Traceback" not in body and "RuntimeError" not in body


def test_without_token_only_localhost_host_names(db: str) -> None:
    for host in ("http://127.0.0.1", "http://localhost:8000", "http://[::1]:8000"):
        with TestClient(create_app(db, None), base_url=host) as client:
            assert client.get("/api/stats").status_code == 200, host
    with TestClient(create_app(db, None), base_url="http://attacker.example") as client:
        assert client.get("/api/stats").status_code == 421


def test_token_required_on_every_path(guarded: TestClient) -> None:
    for path in [
        "/",
        "/api/documents",
        "/api/stats",
        "/doc/ledger-en-bridge",
        "/static/app.css",
        "/openapi.json",
        "/analyze",
    ]:
        response = guarded.get(path)
        assert response.status_code == 401, path
        assert "s3cret" not in response.text
    assert guarded.post("/api/analyze", json={"text": "x"}).status_code == 401
    page = guarded.get("/", headers={"accept": "text/html"})
    assert page.status_code == 401 and "token" in page.text


def test_token_by_header(guarded: TestClient) -> None:
    auth = {"authorization": f"Bearer {TOKEN}"}
    assert guarded.get("/api/stats", headers=auth).status_code == 200
    assert guarded.get("/static/app.css", headers=auth).status_code == 200
    assert guarded.get("/doc/ledger-en-bridge", headers=auth).status_code == 200
    assert guarded.get("/api/stats", headers={"authorization": f"bearer {TOKEN}"}).status_code == 200
    for wrong in (
        f"Bearer {TOKEN}x",
        f"Bearer {TOKEN[:-1]}",
        "Bearer ",
        f"Basic {TOKEN}",
        TOKEN,
        f"Bearer  {TOKEN.upper()}",
    ):
        assert guarded.get("/api/stats", headers={"authorization": wrong}).status_code == 401, wrong


def test_token_by_cookie_from_the_query(db: str) -> None:
    with TestClient(create_app(db, TOKEN), base_url="http://example.org") as client:
        response = client.get(f"/?token={TOKEN}", follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/"
        cookie = response.headers["set-cookie"]
        assert "slant_token=" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
        assert client.get("/api/stats").status_code == 200  # the client kept the cookie
        assert client.get("/").status_code == 200
    with TestClient(create_app(db, TOKEN), base_url="http://example.org") as client:
        assert client.get("/?token=wrong", follow_redirects=False).status_code == 401
        # The query token only sets the cookie on /; elsewhere it authorises nothing.
        assert client.get(f"/api/stats?token={TOKEN}").status_code == 401
        client.cookies.set("slant_token", "wrong")
        assert client.get("/api/stats").status_code == 401


@pytest.mark.parametrize(
    "path",
    [
        "//api/stats",
        "/api/../api/stats",
        "/static/../api/stats",
        "/api%2Fstats",
        "/api/stats/",
        "/%2e%2e/api/stats",
        "/API/stats",
        "/static/%2e%2e/%2e%2e/pyproject.toml",
        "/api/documents/ledger-en-bridge%00",
        "/doc/ledger-en-bridge/",
    ],
)
def test_token_bypass_attempts_fail(guarded: TestClient, path: str) -> None:
    for method in ("GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE"):
        response = guarded.request(method, path)
        assert response.status_code == 401, (method, path)


def test_bypass_with_odd_headers_fails(guarded: TestClient) -> None:
    for headers in (
        {"x-forwarded-for": "127.0.0.1"},
        {"host": "localhost"},
        {"x-original-url": "/static/app.css"},
        {"cookie": "slant_token="},
        {"cookie": 'slant_token="' + TOKEN + 'x"'},
        {"authorization": "Bearer " + TOKEN + "\x00"},
    ):
        assert guarded.get("/api/stats", headers=headers).status_code == 401, headers


def test_binding_rules() -> None:
    for host in ("127.0.0.1", "::1", "localhost", "[::1]"):
        check_binding(host, None)
    for host in ("0.0.0.0", "::", "192.168.1.10", "example.org"):
        with pytest.raises(ConfigError, match="without a token"):
            check_binding(host, None)
        check_binding(host, TOKEN)
    with pytest.raises(ConfigError, match="8 to 256"):
        check_binding("0.0.0.0", "short")
    with pytest.raises(ConfigError, match="8 to 256"):
        check_binding("0.0.0.0", "has space in it")
    with pytest.raises(ConfigError):
        create_app(":memory:", "bad;token")


def test_serve_refuses_before_starting(tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    from slant.web import serve as serve_module

    started: list[object] = []
    monkeypatch.setattr("uvicorn.run", lambda *args, **kwargs: started.append(kwargs))
    monkeypatch.delenv("SLANT_TOKEN", raising=False)
    with pytest.raises(ConfigError, match="without a token"):
        serve_module.serve(":memory:", "0.0.0.0", 8000, None)
    with pytest.raises(ConfigError, match="not a TCP port"):
        serve_module.serve(":memory:", "127.0.0.1", 70000, None)
    assert not started
    monkeypatch.setenv("SLANT_TOKEN", TOKEN)
    db = str(tmp_path) + "/serve.db"
    serve_module.serve(db, "0.0.0.0", 8000, None)  # the token comes from the environment
    assert started and started[0]["port"] == 8000


def test_serve_config_runs_its_pipeline_and_a_bad_one_stops_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from slant.analyze.pipeline import PipelineConfig
    from slant.cli import EXIT_FATAL, app
    from slant.store import Store

    started: list[object] = []
    monkeypatch.setattr("uvicorn.run", lambda served, **kwargs: started.append(served))
    config = tmp_path / "web.toml"
    config.write_text('pipeline = ["paragraphs", "language", "sentences", "dates"]\n', encoding="utf-8")
    db = str(tmp_path / "web.db")
    result = CliRunner().invoke(app, ["serve", "--db", db, "--config", str(config)])
    assert result.exit_code == 0, result.output
    served = started[0]
    # Texts analysed through this server run the config's pipeline, and the run records it whole.
    with TestClient(served, base_url="http://127.0.0.1") as client:  # type: ignore[arg-type]
        job = client.post("/api/analyze", json={"text": "The bridge reopened on Monday, 5 May 2025."}).json()
        for _ in range(200):
            if client.get(job["status_url"]).json()["status"] in ("done", "failed"):
                break
            time.sleep(0.05)
    with Store(db) as store:
        doc = next(iter(store.iter_documents()))
        assert doc.layers() >= {"date", "sentence"} and "technique" not in doc.layers()
        assert store.runs()[0]["pipeline"] == PipelineConfig.from_file(config).to_dict()
    config.write_text('pipeline = ["paragraphs", "no-such-analyzer"]\n', encoding="utf-8")
    bad = CliRunner().invoke(app, ["serve", "--db", db, "--config", str(config)])
    assert bad.exit_code == EXIT_FATAL and "no-such-analyzer" in bad.output
    assert len(started) == 1  # never started with half a config
