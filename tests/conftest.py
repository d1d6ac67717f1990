"""Shared fixtures: stores on SQLite and, when a server is given, PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, text

from slant.store import Store, database_url

# Property tests and fuzzing draw the same examples on every run (a CI run must not fail on a
# case no earlier run tried); SLANT_HYPOTHESIS_EXPLORE=1 draws new ones, to look for bugs.
settings.register_profile("slant", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False, database=None)
settings.load_profile("explore" if os.environ.get("SLANT_HYPOTHESIS_EXPLORE") == "1" else "slant")

POSTGRES_URL = os.environ.get("SLANT_TEST_POSTGRES_URL")
REQUIRE_POSTGRES = os.environ.get("SLANT_REQUIRE_POSTGRES") == "1"


def _reset_postgres(url: str) -> None:
    engine = create_engine(database_url(url))
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def postgres_url() -> str:
    """The test server's URL, emptied; skips (or fails in CI) without one."""
    if not POSTGRES_URL:
        if REQUIRE_POSTGRES:
            pytest.fail("SLANT_REQUIRE_POSTGRES=1 but SLANT_TEST_POSTGRES_URL is not set")
        pytest.skip("no PostgreSQL server: set SLANT_TEST_POSTGRES_URL to run these tests")
    _reset_postgres(POSTGRES_URL)
    return POSTGRES_URL


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database URL of each kind."""
    if request.param == "sqlite":
        return str(tmp_path / "test.db")
    return postgres_url()


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """A fresh store on each kind of database."""
    with Store(db_url) as opened:
        yield opened


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium under Playwright (the browser tests; skipped or failed as they say)."""
    from tests.test_web_browser import chromium_browser

    with chromium_browser() as opened:
        yield opened


@pytest.fixture
def tab(browser: Any) -> Iterator[Any]:
    """A fresh page in its own context, watched for dialogs and script errors."""
    from tests.test_web_browser import open_page

    watched = open_page(browser)
    yield watched
    watched.page.context.close()
