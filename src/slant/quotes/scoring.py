"""Attribution scoring: content, source and speaker agreement between predicted and gold quotes.

A quote is its content pieces (``parts``) plus an optional source range.

- **content overlap**: gold and predicted quotes are paired one-to-one, greedily by
  the most shared characters (summed over pieces), among pairs that share at least
  one character. P = pairs / predicted, R = pairs / gold.
- **content exact**: one-to-one pairs whose extents (first piece start to last piece
  end, surrounding spaces and clause punctuation trimmed) are identical.
- **source exact / overlap**: an overlap-paired quote whose source equals / overlaps
  the gold source; P and R over all predicted / gold quotes (as Citron reports
  source F1 given the quote).
- **speaker correct**: among overlap-paired quotes whose gold has a source, the share
  whose predicted source overlaps it (pronoun sources are compared as spans; the
  antecedent is not annotated in PolNeAR).
- **direct / indirect**: a gold quote is direct when its content starts with a
  quotation mark; a predicted one when its kind is ``direct``; P/R of each type use
  the same pairing.
"""

from __future__ import annotations

from dataclasses import dataclass

from slant.quotes.candidates import Range, trim
from slant.quotes.marks import QUOTE_CHARS


@dataclass(frozen=True, slots=True)
class Scored:
    """A quote as the scorer sees it."""

    parts: tuple[Range, ...]
    source: Range | None
    direct: bool

    @property
    def extent(self) -> Range:
        return self.parts[0][0], self.parts[-1][1]


def is_direct(text: str, parts: tuple[Range, ...]) -> bool:
    """Whether content starts with a quotation mark."""
    return text[parts[0][0] : parts[0][0] + 1] in QUOTE_CHARS if parts else False


def _shared(a: Scored, b: Scored) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a.parts for s2, e2 in b.parts)


def _overlaps(a: Range | None, b: Range | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def pair(gold: list[Scored], pred: list[Scored]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index), most shared characters first."""
    scored = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            if g.parts[-1][1] <= p.parts[0][0] or p.parts[-1][1] <= g.parts[0][0]:
                continue
            shared = _shared(g, p)
            if shared:
                scored.append((-shared, i, j))
    scored.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, i, j in scored:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return pairs


class Tally:
    """Counts summed over articles, turned into P/R/F1 at the end."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def add(self, key: str, value: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + value

    def article(self, text: str, gold: list[Scored], pred: list[Scored]) -> None:
        """Add one article's quotes."""
        self.add("gold", len(gold))
        self.add("pred", len(pred))
        pairs = pair(gold, pred)
        self.add("overlap", len(pairs))
        for direct in (True, False):
            name = "direct" if direct else "indirect"
            self.add(f"gold_{name}", sum(g.direct == direct for g in gold))
            self.add(f"pred_{name}", sum(p.direct == direct for p in pred))
            self.add(f"overlap_gold_{name}", sum(gold[i].direct == direct for i, _ in pairs))
            self.add(f"overlap_pred_{name}", sum(pred[j].direct == direct for _, j in pairs))
        exact_gold = {trim_extent(text, g.extent) for g in gold}
        exact_pred = [trim_extent(text, p.extent) for p in pred]
        self.add("exact", len(exact_gold & set(exact_pred)))
        for i, j in pairs:
            g, p = gold[i], pred[j]
            if g.source is not None:
                self.add("with_source")
                if _overlaps(g.source, p.source):
                    self.add("source_overlap")
                if p.source is not None and trim(text, *p.source) == trim(text, *g.source):
                    self.add("source_exact")

    def scores(self) -> dict[str, dict[str, float]]:
        """P/R/F1 per measure, and the speaker-correct rate."""
        c = self.counts

        def prf(hits_p: int, n_pred: int, hits_r: int, n_gold: int) -> dict[str, float]:
            p = hits_p / n_pred if n_pred else 0.0
            r = hits_r / n_gold if n_gold else 0.0
            return {
                "precision": round(p, 4),
                "recall": round(r, 4),
                "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
                "gold": n_gold,
                "pred": n_pred,
            }

        get = c.get
        out = {
            "content_exact": prf(get("exact", 0), get("pred", 0), get("exact", 0), get("gold", 0)),
            "content_overlap": prf(get("overlap", 0), get("pred", 0), get("overlap", 0), get("gold", 0)),
            "source_exact": prf(
                get("source_exact", 0), get("pred", 0), get("source_exact", 0), get("gold", 0)
            ),
            "source_overlap": prf(
                get("source_overlap", 0), get("pred", 0), get("source_overlap", 0), get("gold", 0)
            ),
        }
        for name in ("direct", "indirect"):
            out[f"content_overlap_{name}"] = prf(
                get(f"overlap_pred_{name}", 0),
                get(f"pred_{name}", 0),
                get(f"overlap_gold_{name}", 0),
                get(f"gold_{name}", 0),
            )
        with_source = get("with_source", 0)
        out["speaker"] = {
            "correct": round(get("source_overlap", 0) / with_source, 4) if with_source else 0.0,
            "matched_with_gold_source": with_source,
        }
        return out


def trim_extent(text: str, extent: Range) -> Range:
    """An extent without surrounding spaces and clause punctuation (quotation marks kept)."""
    return trim(text, *extent)
