"""The hand-written commentary check sets score at least what docs/QUALITY.md reports (minus a
small margin): a regression in speakers, sources or claim types fails here."""

from __future__ import annotations

import pytest

from slant.claims import check_set as claims_checks
from slant.claims.analyzer import accurate_available
from slant.quotes import check_set as quote_checks
from slant.sources import evaluate as source_checks


def test_quotes_and_speakers_on_commentary() -> None:
    scores = quote_checks.evaluate().scores["all"]
    assert scores["f1"] >= 0.80
    assert scores["speaker_accuracy"] >= 0.74


def test_sources_on_all_check_sets() -> None:
    result = source_checks.evaluate()
    assert result.scores["f1"] >= 0.88
    assert result.by_set["commentary"].scores()["value_accuracy"] >= 0.75


@pytest.mark.skipif(not accurate_available(), reason="the auto tier uses the encoder for ru/sv/de")
def test_claims_and_types_on_the_written_set() -> None:
    scores = claims_checks.evaluate().scores
    # 0.660 measured with the fine-tuned claim head (0.75 with the retired frozen-vector tier;
    # docs/QUALITY.md says why we report both): a floor against regressions, not a target.
    assert scores["all"]["f1"] >= 0.64
    held = scores["even ids (held out)"]
    assert held["type_accuracy"] > held["type_baseline"]
