"""Turning a found date expression into a value, against the publication date when there is one.

Values are ISO 8601: a day ``2016-09-09``, a month ``2016-09``, a year ``2016``, or an
interval ``2016-09-05/2016-09-11`` (a week, Monday to Sunday).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import Any

from slant.dates.rules import Found

LOGGER = logging.getLogger(__name__)

NO_ANCHOR = "no publication date"
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
MIN_YEAR, MAX_YEAR = 1900, 2099


@dataclass(frozen=True, slots=True)
class Resolved:
    """A value, how sure it is, and at what granularity (``day``, ``week``, ``month``, ``year``)."""

    value: str | None
    certainty: str
    relative: bool
    granularity: str
    reason: str | None = None
    note: str | None = None


def anchor_of(published: Any) -> dt.date | None:
    """The date in ``meta["published"]`` (ISO date or datetime); None when missing or garbage."""
    if published is None or published == "":
        return None
    match = _ISO_DATE.match(str(published))
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    LOGGER.info("dates: ignoring unparseable publication date %r", str(published)[:40])
    return None


def resolve(found: Found, anchor: dt.date | None) -> Resolved | None:
    """The value of ``found``; None when it is no real date (31 February, a year outside 1900-2099)."""
    f = found.fields
    kind = found.kind
    if kind == "iso":
        return _explicit(f["y"], f["m"], f["d"])
    if kind == "numeric":
        return _numeric(f["a"], f["b"], f["y"])
    if kind in ("dmy", "mdy"):
        if "year" in f:
            return _explicit(f["year"], f["month"], f["day"])
        return _without_year(f["month"], f["day"], anchor)
    if kind == "month_year":
        if not MIN_YEAR <= f["year"] <= MAX_YEAR:
            return None
        return Resolved(f"{f['year']:04d}-{f['month']:02d}", "explicit", False, "month")
    if kind == "month":
        return _without_year(f["month"], None, anchor)
    if kind == "year":
        if not MIN_YEAR <= f["year"] <= MAX_YEAR:
            return None
        return Resolved(f"{f['year']:04d}", "explicit", False, "year")
    granularity = {"day": "day", "weekday": "day"}.get(kind) or f.get("unit", "day")
    if anchor is None:
        return Resolved(None, "unresolved", True, granularity, NO_ANCHOR)
    if kind == "day":
        return Resolved((anchor + dt.timedelta(days=f["offset"])).isoformat(), "relative", True, "day")
    if kind == "weekday":
        return Resolved(_weekday(anchor, f["weekday"], f["shift"]).isoformat(), "approximate", True, "day")
    if kind == "unit":
        return Resolved(_shift(anchor, f["unit"], f["offset"]), "relative", True, f["unit"])
    if kind == "ago":
        certainty = "relative" if f["unit"] == "day" else "approximate"
        return Resolved(_shift(anchor, f["unit"], -f["count"]), certainty, True, f["unit"])
    return None


def _explicit(year: int, month: int, day: int) -> Resolved | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return Resolved(dt.date(year, month, day).isoformat(), "explicit", False, "day")
    except ValueError:
        return None


def _numeric(a: int, b: int, year: int) -> Resolved | None:
    """``a/b/year``: day first unless that is impossible (b > 12 means month/day, as in the US)."""
    if a <= 12 < b:
        return _noted(_explicit(year, a, b), "month-first")
    if a <= 12 and b <= 12 and a != b:
        return _noted(_explicit(year, b, a), "day-first assumed")
    return _explicit(year, b, a)


def _noted(resolved: Resolved | None, note: str) -> Resolved | None:
    if resolved is None:
        return None
    return Resolved(resolved.value, resolved.certainty, resolved.relative, resolved.granularity, None, note)


def _without_year(month: int, day: int | None, anchor: dt.date | None) -> Resolved | None:
    """A day or month without its year takes the year that puts it nearest the publication date,
    a future one counting twice as far: news reports what happened more often than it announces
    what will ("signed in March" in an October article is the March before, not the one after)."""
    granularity = "day" if day else "month"
    if day is not None and not _valid(2000, month, day):  # 2000 is a leap year: 29 February passes
        return None
    if anchor is None:
        return Resolved(None, "unresolved", False, granularity, NO_ANCHOR)
    best: tuple[int, str] | None = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        if day is None:
            distance = (year * 12 + month) - (anchor.year * 12 + anchor.month)
            distance = 2 * distance if distance > 0 else -distance
            value = f"{year:04d}-{month:02d}"
        else:
            if not _valid(year, month, day):
                continue
            distance = (dt.date(year, month, day) - anchor).days
            distance = 2 * distance if distance > 0 else -distance
            value = dt.date(year, month, day).isoformat()
        if best is None or distance < best[0]:
            best = (distance, value)
    if best is None:
        return None
    return Resolved(best[1], "inferred-year", False, granularity)


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _weekday(anchor: dt.date, weekday: int, shift: int) -> dt.date:
    """0: the latest such day on or before publication; -1: strictly before; +1: strictly after."""
    back = (anchor.weekday() - weekday) % 7
    if shift > 0:
        return anchor + dt.timedelta(days=(weekday - anchor.weekday()) % 7 or 7)
    if shift < 0:
        return anchor - dt.timedelta(days=back or 7)
    return anchor - dt.timedelta(days=back)


def _shift(anchor: dt.date, unit: str, offset: int) -> str:
    if unit == "day":
        return (anchor + dt.timedelta(days=offset)).isoformat()
    if unit == "week":
        monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=offset)
        return f"{monday.isoformat()}/{(monday + dt.timedelta(days=6)).isoformat()}"
    if unit == "month":
        index = anchor.year * 12 + anchor.month - 1 + offset
        return f"{index // 12:04d}-{index % 12 + 1:02d}"
    return f"{anchor.year + offset:04d}"
