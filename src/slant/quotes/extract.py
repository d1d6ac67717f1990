"""From candidates to quotes for a whole document: block quotes, continued quotes, scoring, overlaps."""

from __future__ import annotations

import re
from typing import Any, cast

from slant.quotes import english, leads
from slant.quotes.candidates import Candidate, Range, clean_parts
from slant.quotes.marks import QUOTE_CHARS, Quoted, find_quotes
from slant.quotes.table import Table, features
from slant.quotes.verbs import is_attribution_verb

MIN_QUOTE_WORDS = 4
"""A bare quotation of fewer words is a scare quote or a title ("so-called “experts”"), not speech."""
LEAD_SCORE = 0.85
"""Fixed score of a colon lead-in's quotation (hand-set: PolNeAR has too few to learn one)."""
SPEECH_PATTERNS = ("ccomp", "colon", "parataxis")
"""Patterns where a verb's clause is the quotation: a kept one is preferred to the colon lead-in rule."""
VERB_PATTERNS = ("dobj", "xcomp", "prep")
"""Patterns where a verb's object is the content: only verbs of saying, thinking or position
(:mod:`verbs`) open them, or a verb PolNeAR train shows to be a cue at least half the time."""
TRAIN_PRECISION = 0.5


def attribution_verbs_only(candidates: list[Candidate], table: Table) -> list[Candidate]:
    """Drop object-pattern candidates of verbs that are acts, not speech ("the Russians have taken
    every step", "summed up her view"): not on the list and not a reliable cue on PolNeAR train."""
    return [
        c
        for c in candidates
        if c.pattern not in VERB_PATTERNS
        or is_attribution_verb(c.key)
        or table.keys.get(c.key, 0.0) >= TRAIN_PRECISION
    ]


HEADLINE_CHARS = 160
"""A paragraph this short (or the first) may be a headline of the form "Source: content"."""
_LABEL = re.compile(r"([A-Z][\w.’'&-]*(?:[ \u00a0][\w.’'&()-]+){0,5}):[ \u00a0]+(?=\S)")


def paragraph_quotes(text: str, paragraphs: list[Range]) -> list[list[Quoted]]:
    """Quotation spans of each paragraph, in absolute offsets."""
    out = []
    for start, end in paragraphs:
        out.append([Quoted(q.start + start, q.end + start, q.closed) for q in find_quotes(text[start:end])])
    return out


def english_candidates(
    text: str, paragraphs: list[Range], parsed: list[list[tuple[int, Any]]], lemmas: set[str] | None
) -> tuple[list[Candidate], list[list[Quoted]]]:
    """Every parse-pattern candidate of a document, with each paragraph's quotations."""
    quotes = paragraph_quotes(text, paragraphs)
    found: list[Candidate] = []
    for index, ((pstart, pend), pieces) in enumerate(zip(paragraphs, parsed, strict=True)):
        for offset, sdoc in pieces:
            for cand in english.candidates(sdoc, pstart + offset, text, quotes[index], lemmas):
                if cand.pattern == "block":
                    if index + 1 >= len(paragraphs):
                        continue
                    cand.parts = clean_parts(text, [paragraphs[index + 1]])
                    if not cand.parts:
                        continue
                cand.extra["paragraph"] = index
                found.append(cand)
        for q in quotes[index]:
            lead = colon_lead_candidate(text, pstart, q.start, q.end)
            if lead is not None:
                lead.extra["paragraph"] = index
                found.append(lead)
        label = label_colon(text, pstart, pend, index == 0 or pend - pstart < HEADLINE_CHARS)
        if label is not None:
            label.extra["paragraph"] = index
            found.append(label)
    return found, quotes


def colon_lead_candidate(text: str, paragraph_start: int, start: int, end: int) -> Candidate | None:
    """A quotation after "Subject …:" with no verb of saying: the subject is the speaker."""
    lead_start = leads.sentence_start(text, start, paragraph_start)
    source = leads.colon_lead(text, lead_start, start)
    if source is None or len(text[start:end].split()) < MIN_QUOTE_WORDS:
        return None
    parts = clean_parts(text, [(start, end)])
    if not parts:
        return None
    cand = Candidate(parts, source, None, "colon-lead", "colon-lead", score=LEAD_SCORE, source_class="np")
    cand.extra["lead"] = (lead_start, start)
    return cand


def label_colon(text: str, start: int, end: int, short: bool) -> Candidate | None:
    """A short capitalised name, a colon, then the content up to the paragraph end: a headline
    ("NY Daily News: NRA is a threat") or a speaker label ("Rep. Smith (D-Mo.): ...")."""
    match = _LABEL.match(text, start, end)
    if match is None or match.end() >= end:
        return None
    source = (match.start(1), match.end(1))
    parts = clean_parts(text, [(match.end(), end)])
    if not parts:
        return None
    pattern = "label-colon" if short else "label-colon-long"
    return Candidate(parts, source, (match.end(1), match.end(1) + 1), pattern, pattern, source_class="np")


def candidate_score(text: str, cand: Candidate, table: Table) -> float:
    """The regression's probability when the table has one, else the key's smoothed precision."""
    prior = table.score(cand.key, cand.pattern, cand.subkey)
    if not table.weights:
        return prior
    return table.probability(
        features(text, cand.key, cand.subkey, cand.pattern, cand.source_class, cand.parts, cand.cue, prior)
    )


def _overlap(a: list[Range], b: list[Range]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _length(parts: list[Range]) -> int:
    return sum(e - s for s, e in parts)


def select(
    text: str,
    candidates: list[Candidate],
    quotes: list[list[Quoted]],
    paragraphs: list[Range],
    table: Table | None,
) -> list[Candidate]:
    """Score candidates, keep the best of overlapping ones, and add quotations no cue claimed.

    With ``table`` None every candidate is kept unscored (used to learn the table).
    """
    for cand in candidates:
        if cand.pattern == "colon-lead":
            cand.score = LEAD_SCORE
        else:
            cand.score = candidate_score(text, cand, table) if table else 1.0
    threshold = table.threshold if table else 0.0
    candidates = _prefer_leads(candidates, threshold)
    ranked = sorted(
        (c for c in candidates if c.score >= threshold), key=lambda c: (-c.score, -_length(c.parts))
    )
    kept: list[Candidate] = []
    for cand in ranked:
        size = _length(cand.parts)
        # Nested candidates go too: keeping them ("X said Y believes Z") lowered held-out F1 0.767 -> 0.742.
        if any(_overlap(cand.parts, k.parts) > 0.5 * min(size, _length(k.parts)) for k in kept):
            continue
        kept.append(cand)
    kept = _merge_same_cue(kept)
    kept.sort(key=lambda c: c.extent)
    kept.extend(_bare_quotes(text, kept, quotes, paragraphs, table, threshold))
    kept.sort(key=lambda c: c.extent)
    return kept


def _prefer_leads(candidates: list[Candidate], threshold: float) -> list[Candidate]:
    """A colon lead-in's quotation beats other readings of the same words ("summed up her view …:
    “…”" read as the object of "summed up"), unless a verb of saying has the quotation as its clause."""
    lead_list = [c for c in candidates if c.pattern == "colon-lead"]
    if not lead_list:
        return candidates
    speech = [c for c in candidates if c.pattern in SPEECH_PATTERNS and c.score >= threshold]
    kept_leads = [lead for lead in lead_list if not any(_overlap(lead.parts, c.parts) for c in speech)]
    # The lead-in's own words ("her view with the usual condescension") are the author's, not a quote.
    covered: list[list[Range]] = [[*lead.parts, cast(Range, lead.extra["lead"])] for lead in kept_leads]
    others = [
        c for c in candidates if c.pattern != "colon-lead" and not any(_overlap(c.parts, r) for r in covered)
    ]
    return others + kept_leads


def _merge_same_cue(kept: list[Candidate]) -> list[Candidate]:
    """One quote per cue: "“A,” Lavrov said, “B.”" gives the verb two clauses, one quote in two parts."""
    by_cue: dict[Range, Candidate] = {}
    out = []
    for cand in sorted(kept, key=lambda c: c.extent):
        if cand.cue is None or not cand.parts:
            out.append(cand)
            continue
        first = by_cue.get(cand.cue)
        if first is None:
            by_cue[cand.cue] = cand
            out.append(cand)
        else:
            first.parts = sorted([*first.parts, *cand.parts])
            first.score = max(first.score, cand.score)
    return out


def _bare_quotes(
    text: str,
    kept: list[Candidate],
    quotes: list[list[Quoted]],
    paragraphs: list[Range],
    table: Table | None,
    threshold: float,
) -> list[Candidate]:
    """Quotations of enough words that no candidate covers.

    One that follows an attribution in the same paragraph continues it ("“A,” he said.
    “B.”" is one quote in two parts, as PolNeAR annotates it); one that opens a paragraph
    after an attribution in the previous paragraph is a new quote by the same speaker.
    """
    out: list[Candidate] = []
    for index, paragraph_list in enumerate(quotes):
        for q in paragraph_list:
            if len(text[q.start : q.end].split()) < MIN_QUOTE_WORDS:
                continue
            if any(_overlap([(q.start, q.end)], k.parts) for k in kept + out):
                continue
            before = [
                k
                for k in kept + out
                if k.extent[1] <= q.start and index - 1 <= int(str(k.extra.get("paragraph", -9))) <= index
            ]
            speaker = before[-1] if before and before[-1].source else None
            newcomer = None
            if speaker is not None and speaker.source is not None:
                since = max(speaker.extent[1], speaker.source[1])
                newcomer = leads.new_subject(
                    text, since, q.start, text[speaker.source[0] : speaker.source[1]]
                )
            if newcomer is not None:
                # A newly named person in between: the quote is not the earlier speaker's; the newcomer
                # is the likelier speaker, marked as a guess ("carried").
                cand = Candidate([(q.start, q.end)], newcomer, None, "quote-continued", "quote-continued")
                cand.score = table.score("quote-continued", "quote-continued") if table else 1.0
                if cand.score >= threshold:
                    cand.extra["paragraph"] = index
                    out.append(cand)
                continue
            if speaker is not None and speaker.extra.get("paragraph") == index:
                speaker.parts = sorted([*speaker.parts, (q.start, q.end)])
                continue
            pattern = "quote-continued" if speaker else "quote-bare"
            score = table.score(pattern, pattern) if table else 1.0
            if score < threshold:
                continue
            cand = Candidate(
                [(q.start, q.end)],
                speaker.source if speaker else None,
                None,
                pattern,
                pattern,
                score=score,
                source_is_pronoun=speaker.source_is_pronoun if speaker else False,
            )
            cand.extra["paragraph"] = index
            out.append(cand)
    return out


def kind(text: str, cand: Candidate) -> str:
    """direct (the content is one quotation), mixed (part quoted), or indirect."""
    content = "".join(text[s:e] for s, e in cand.parts)
    first, last = content[:1], content[-1:]
    if first in QUOTE_CHARS and (last in QUOTE_CHARS or cand.pattern.startswith("quote")):
        return "direct"
    if any(c in QUOTE_CHARS for c in content if c not in "'’"):
        return "mixed"
    return "indirect"
