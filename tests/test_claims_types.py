"""Claim types from cue words, and claims in languages the fast tier never saw."""

from __future__ import annotations

import pytest

from slant.claims.analyzer import accurate_available
from slant.claims.types import claim_type


@pytest.mark.parametrize(
    ("language", "text", "kind"),
    [
        ("en", "Exports fell by six percent in the first nine months.", "fact"),
        ("en", "The government should stop making excuses.", "opinion"),
        ("en", "Prices will rise by ten percent next year.", "prediction"),
        ("sv", "Riksbanken bör sänka räntan redan i december.", "opinion"),
        ("sv", "Inflationen kommer enligt prognosen att falla till två procent.", "prediction"),
        ("sv", "Antalet bostäder som påbörjades minskade med 40 procent.", "fact"),
        ("ru", "Правительству стоит перестать оправдываться.", "opinion"),
        ("ru", "Билет стоит сто рублей.", "fact"),
        ("ru", "Расходы на оборону будут увеличены до 8 трлн рублей.", "prediction"),
        ("de", "Die Regierung sollte die Schuldenbremse reformieren.", "opinion"),
        ("de", "Die Arbeitslosigkeit wird im nächsten Jahr steigen.", "prediction"),
    ],
)
def test_claim_types(language: str, text: str, kind: str) -> None:
    found, cue = claim_type(text, language)
    assert found == kind
    assert (cue is None) == (kind == "fact") and (cue is None or cue in text)


@pytest.mark.skipif(not accurate_available(), reason="needs slant[accurate]")
def test_auto_tier_finds_claims_in_a_russian_opinion_piece() -> None:
    import slant.claims.analyzer  # noqa: F401  (registers the analyzer)
    from slant import checkset

    text = (
        "Очередной пакет санкций объявили в прошлый четверг, и это уже четырнадцатый пакет за два года. "
        "Экспорт стали, по данным таможенной службы, за девять месяцев сократился всего на 6 процентов. "
        "Фрахт до портов Юго-Восточной Азии подорожал почти вдвое."
    )
    doc = checkset.analysed({"id": "t", "language": "ru", "text": text}, "claims", {})
    claims = doc.layer("claim")
    assert claims and all(s.model.startswith("slant.claims.accurate") for s in claims)
    assert all(s.attrs["claim_type"] in {"fact", "opinion", "prediction"} for s in claims)
