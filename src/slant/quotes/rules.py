"""Rule-based quotes for languages without a parser here (sv, de, fr, ru, es, it, ar, and any other).

Per sentence: a quotation with an attribution clause after it ("«…», — сказал он",
"„…“, sagte Weber", "« … », a déclaré la ministre") or before it ("Anna Berg säger:
”…”"); a reporting verb followed by a complementizer (att, dass, que, что, che, أن)
for indirect speech; "enligt / laut / selon / по словам / según / secondo / وفقا ل X, …";
and dialogue lines opened by a dash ("– Vi öppnar i morgon, säger Berg."). The
speaker is the nearest name-like mention (or pronoun) in the attribution clause.

Scores are fixed constants chosen by hand, not measured: no labelled attribution
data exists here for these languages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from slant.lang import modules
from slant.quotes import leads
from slant.quotes.candidates import QUOTE_MARKS, Candidate, Range, clean_parts, trim
from slant.quotes.marks import find_quotes
from slant.quotes.speaker import pronoun_class

SCORES = {
    "after": 0.8,
    "before": 0.8,
    "colon-lead": 0.75,
    "block": 0.7,
    "dash": 0.75,
    "according": 0.75,
    "indirect": 0.6,
    "continued": 0.6,
}
NOT_SPEAKERS = {"att", "zu", "to", "что", "que", "dass", "och", "und", "and", "et", "и", "i", "в", "am", "im"}
MAX_PHRASE_WORDS = 3
"""A speaker phrase without a name is cut to this many words."""
MAX_CUE_FIRST_OPENING = 2
"""Words allowed before a cue that precedes its speaker ("Как заявила X", "Wie X sagte")."""
MIN_BARE_WORDS = 4


@dataclass(frozen=True, slots=True)
class Language:
    """A language's cue verbs, complementizers and "according to" words (regex alternations)."""

    cues: str
    that: str
    according: str


LANGUAGES: dict[str, Language] = {
    code: Language(cues=words.QUOTE_CUES, that=words.QUOTE_THAT, according=words.QUOTE_ACCORDING)
    for code, words in modules("attribution").items()
    if hasattr(words, "QUOTE_CUES")  # uk and pl have source cues only
}
"""The languages with rules of their own, from ``slant.lang.<code>.attribution``; others use English's."""

_UPPER = "A-ZÀ-ÖØ-ÞА-ЯЁΑ-Ω"
_NAME_WORD = rf"[{_UPPER}](?:\w{{0,2}}\.|[\w’'-]*)"
"""A capitalised word, or a short abbreviation with its dot ("Dr.", "J."), so "Ortiz. Ortiz" is two names."""
NAME = rf"(?:{_NAME_WORD}(?:[ \u00a0](?:{_NAME_WORD}|(?:von|van|de|der|la|le|af|al-[\w-]+)\b)){{0,4}})"
"""A run of capitalised words (a few lowercase particles allowed): the name-like mention."""
WORD = r"[^\s,.;:!?«»“”„\"]+"


def _compile(lang: Language) -> dict[str, re.Pattern[str]]:
    # Only the cue words ignore case: NAME must stay capitalised to tell names from words.
    cue = rf"(?i:{lang.cues})"
    # Up to six words: _who picks the name in them ("säger Rumäniens försvarsminister Andrei Popescu").
    who = rf"(?:{WORD}(?:[ \u00a0]{WORD}){{0,5}})"
    return {
        "cue": re.compile(rf"\b{cue}\b"),
        # after a quotation: ", sagte Weber." / ", — сказал он." / ", a déclaré la ministre"
        "after": re.compile(rf"\s*[,.!?]?\s*[—–-]?\s*(?P<cue>{cue})\b[ \u00a0]*(?P<who>{who})"),
        "after_inverted": re.compile(rf"\s*[,.!?]?\s*[—–-]?\s*(?P<who>{NAME}|\w+)[ \u00a0]+(?P<cue>{cue})\b"),
        # before a quotation: "Anna Berg säger: ”…”" / "Er sagte: „…“"
        "before": re.compile(rf"(?P<who>{NAME}|\b\w+)[ \u00a0]+(?P<cue>{cue})\b[^:“”„«»\"]{{0,40}}:?\s*$"),
        # the cue first: "Как заявила Мария Захарова, «…»" / "Wie Weber sagte: „…“" is handled by "before"
        "before_cue_first": re.compile(
            rf"(?P<cue>{cue})\b[ \u00a0]+(?:[^\W\d_]+[ \u00a0]){{0,5}}?(?P<who>{NAME})"
            rf"[^:“”„«»\"]{{0,60}}?[,:]?\s*$"
        ),
        # an attribution inside the quotation marks: "«A, — говорит она. — B»"
        "inside": re.compile(rf"[,.!?…]\s*[—–]\s*(?P<cue>{cue})\b[ \u00a0]*(?P<who>{who})?[.,]?\s*[—–]\s*"),
        # the end of a dash-opened dialogue line: "…, säger Anna Berg." / "…, — сказал он."
        "dash": re.compile(rf",\s*[—–-]?\s*(?P<cue>{cue})\b[ \u00a0]*(?P<who>{who})"),
        "indirect": re.compile(
            rf"(?P<cue>\b{cue})\b[ ,]*(?:\w+[ ,]+){{0,4}}?(?P<that>\b(?i:{lang.that}))(?=\W)"
        ),
        "according": re.compile(rf"(?P<cue>\b(?i:{lang.according}))\s+(?P<who>[^,.;:]{{2,80}}?)\s*[,:]"),
        # "Enligt Trafikverket blir det köer": no comma, the source is the name right after the cue.
        "according_name": re.compile(rf"(?P<cue>\b(?i:{lang.according}))\s+(?P<who>{NAME})"),
    }


_PATTERNS = {code: _compile(lang) for code, lang in LANGUAGES.items()}
_SENTENCE = re.compile(r"[^.!?…]+(?:[.!?…]+[”\"»’']*|$)")


def _who(text: str, start: int, end: int) -> Range | None:
    """The name-like mention, else the first pronoun, else the whole short phrase in ``text[start:end]``."""
    chunk = text[start:end]
    words = list(re.finditer(r"\w+", chunk))
    if words and pronoun_class(words[0].group()) is not None:
        return start + words[0].start(), start + words[0].end()  # "sagte er am Montag": er, not Montag
    names = [m for m in re.finditer(NAME, chunk) if m.group().split()[0].lower() not in FUNCTION_WORDS]
    # A full name beats a single capitalised word before it: "Rumäniens försvarsminister Andrei
    # Popescu", "министр иностранных дел Алексей Шатров", "M. Étienne Marchal".
    full = [m for m in names if len(m.group().split()) >= 2]
    if full or names:
        m = (full or names)[0]
        return trim(text, start + m.start(), start + m.end())
    for m in words:
        if pronoun_class(m.group()) is not None:
            return start + m.start(), start + m.end()
    s, e = trim(text, start, end)
    if (e - s <= 2 and text[s:e].islower()) or text[s:e].lower() in NOT_SPEAKERS:
        return None  # "a" of "a déclaré", "att" of "att påstå": not a speaker
    if len(words) > MAX_PHRASE_WORDS:  # "the minister at a press conference": the head phrase only
        s, e = trim(text, start + words[0].start(), start + words[MAX_PHRASE_WORDS - 1].end())
    return (s, e) if e > s else None


def _source_before_cue(text: str, clause_start: int, cue_start: int) -> Range | None:
    """The speaker right before a cue: the last name-like run or pronoun within six words."""
    window_start = max(clause_start, cue_start - 80)
    chunk = text[window_start:cue_start]
    names = list(re.finditer(NAME, chunk))
    if names:
        m = names[-1]
        return window_start + m.start(), window_start + m.end()
    words = list(re.finditer(r"\w+", chunk))
    if words and pronoun_class(words[-1].group()) is not None:
        return window_start + words[-1].start(), window_start + words[-1].end()
    return None


def paragraph_candidates(
    text: str, start: int, end: int, language: str, sentences: list[Range] | None = None
) -> list[Candidate]:
    """Quotes in ``text[start:end]`` (one paragraph) by this language's rules; offsets are absolute."""
    patterns = _PATTERNS.get(language) or _PATTERNS["en"]
    found: list[Candidate] = []
    quotes = [(q.start + start, q.end + start) for q in find_quotes(text[start:end])]
    claimed: list[Range] = []

    def add(parts: list[Range], source: Range | None, cue: Range | None, pattern: str) -> None:
        parts = clean_parts(text, parts)
        if not parts or any(s < ce and cs < e for s, e in parts for cs, ce in claimed):
            return
        if source is not None and not 0 <= source[0] < source[1] <= len(text):
            source = None
        cand = Candidate(parts, source, cue, pattern, f"rules|{pattern}", score=SCORES[pattern])
        if source is not None:
            cand.source_is_pronoun = pronoun_class(text[source[0] : source[1]]) is not None
        found.append(cand)
        claimed.extend(parts)

    # Dialogue dash: "– Vi öppnar i morgon, säger Berg." / "— Мы готовы, — сказал он."
    dash = re.match(r"[–—-]\s+", text[start:end])
    if dash:
        body = start + dash.end()
        line = patterns["dash"].search(text, body, _sentence_end(text, body, end))
        if line:
            who = _who(text, line.start("who"), line.end("who"))
            add([(body, line.start())], who, (line.start("cue"), line.end("cue")), "dash")

    for q_start, q_end in quotes:
        sentence_start = leads.sentence_start(text, q_start, start)
        cue_first = patterns["before_cue_first"].search(text, sentence_start, q_start)
        if cue_first and len(text[sentence_start : cue_first.start()].split()) <= MAX_CUE_FIRST_OPENING:
            who = _who(text, cue_first.start("who"), cue_first.end("who"))
            add([(q_start, q_end)], who, (cue_first.start("cue"), cue_first.end("cue")), "before")
            continue
        before = patterns["before"].search(text, sentence_start, q_start)
        before_who = None
        if before is not None:
            before_who = _who(text, before.start("who"), before.end("who"))
            word = text[before.start("who") : before.end("who")]
            if not word[:1].isupper() and pronoun_class(word) is None:
                # "Anton Dymov hittade tid att påstå": the word before the cue is no speaker
                before_who = _source_before_cue(text, sentence_start, before.start("cue")) or before_who
        if before and text[sentence_start:q_start].rstrip().endswith(":"):
            add([(q_start, q_end)], before_who, (before.start("cue"), before.end("cue")), "before")
            continue
        inner = patterns["inside"].search(text, q_start, q_end)
        if inner and inner.group("who"):
            who = _who(text, inner.start("who"), inner.end("who"))
            add(
                [(q_start, inner.start()), (inner.end(), q_end)],
                who,
                (inner.start("cue"), inner.end("cue")),
                "after",
            )
            continue
        # "”Vi är redo.” Hon sa ..." starts a new sentence; only ", sagte er" or "— сказал он" continue it.
        closed_sentence = text[max(q_start, q_end - 3) : q_end].rstrip(QUOTE_MARKS)[-1:] in (
            ".",
            "!",
            "?",
            "…",
        )
        joined = re.match(r"\s*[,—–-]", text[q_end:end]) is not None
        after = None
        if joined or not closed_sentence:
            sentence_end = _sentence_end(text, q_end, end)
            after = patterns["after"].match(text, q_end, sentence_end) or patterns["after_inverted"].match(
                text, q_end, sentence_end
            )
        if after:
            who = _who(text, after.start("who"), after.end("who"))
            add([(q_start, q_end)], who, (after.start("cue"), after.end("cue")), "after")
            continue
        if before:
            add([(q_start, q_end)], before_who, (before.start("cue"), before.end("cue")), "before")
            continue
        if len(text[q_start:q_end].split()) < MIN_BARE_WORDS:
            continue
        lead = leads.colon_lead(text, sentence_start, q_start)
        if lead is not None:
            add([(q_start, q_end)], lead, None, "colon-lead")
            continue
        previous = found[-1] if found else None
        if previous is not None and previous.source is not None:
            since = max(previous.extent[1], previous.source[1])
            speaker = text[previous.source[0] : previous.source[1]]
            # A newly named person in between is the likelier speaker (still a guess: "continued").
            newcomer = leads.new_subject(text, since, q_start, speaker)
            add([(q_start, q_end)], newcomer or previous.source, None, "continued")

    for s_start, s_end in sentences or _sentences(text, start, end):
        for cue, who in _according(text, s_start, s_end, language, patterns):
            parts = [(s_start, cue[0]), (who[1], s_end)]
            add(parts, who if who[1] > who[0] else None, cue, "according")
        for m in patterns["indirect"].finditer(text, s_start, s_end):
            source = _source_before_cue(text, s_start, m.start("cue"))
            if source is None:
                after_cue = re.match(rf"\s*({NAME})", text[m.end("cue") : m.start("that")])
                if after_cue:
                    source = (m.end("cue") + after_cue.start(1), m.end("cue") + after_cue.end(1))
            add([(m.start("that"), s_end)], source, (m.start("cue"), m.end("cue")), "indirect")
    found.sort(key=lambda c: c.extent)
    return found


PARTICLES = {"von", "van", "de", "der", "la", "le", "af"}
VERB_SECOND = {"sv", "de", "da", "no", "nb", "nn", "nl", "is"}
"""Languages where "Enligt polisen skadades nio" puts the verb right after the source, with no comma."""
ARTICLES = {"dem", "der", "den", "des", "die", "das", "de", "het"}


def _according(
    text: str, start: int, end: int, language: str, patterns: dict[str, re.Pattern[str]]
) -> list[tuple[Range, Range]]:
    """``(cue, source)`` of each "according to X" in a sentence."""
    found = []
    if language in VERB_SECOND:
        # The source is a name, a one-word noun ("polisen"), or article + noun ("dem Ministerium").
        for m in re.finditer(rf"\b(?i:{LANGUAGES[language].according})\s+", text[start:end]):
            at = start + m.end()
            name = re.match(NAME, text[at:end])
            words = re.findall(r"[^\s,.;:]+", text[at : min(end, at + 80)])[:2]
            if name:
                who = (at, at + name.end())
            elif words:
                size = len(words[0]) if words[0].lower() not in ARTICLES or len(words) < 2 else None
                who = (at, at + (size or text.index(words[1], at + len(words[0])) - at + len(words[1])))
            else:
                continue
            found.append(((start + m.start(), start + m.start() + len(m.group().rstrip())), trim(text, *who)))
        return found
    matches = list(patterns["according"].finditer(text, start, end)) or list(
        patterns["according_name"].finditer(text, start, end)
    )
    return [((m.start("cue"), m.end("cue")), trim(text, m.start("who"), m.end("who"))) for m in matches]


def _sentences(text: str, start: int, end: int) -> list[Range]:
    return [
        (start + m.start(), start + m.end()) for m in _SENTENCE.finditer(text[start:end]) if m.group().strip()
    ]


def _sentence_end(text: str, position: int, end: int) -> int:
    m = re.compile(r"[.!?…](?=\s|$)").search(text, position, end)
    return m.end() if m else end


FUNCTION_WORDS = {
    w.lower() for lang in LANGUAGES.values() for w in re.split(r"[|() ?:]+", lang.according) if w.isalpha()
} | {
    "der",
    "die",
    "das",
    "den",
    "dem",
    "des",
    "la",
    "le",
    "les",
    "el",
    "il",
    "lo",
    "the",
    "en",
    "ett",
    "ein",
    "eine",
}


def name_mentions(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Name-like runs of two or more capitalised words, as person mentions (no NER for these languages
    here); a single capitalised word is left out: in German every noun is capitalised."""
    found = []
    for m in re.finditer(NAME, text[start:end]):
        s, e = trim(text, start + m.start(), start + m.end())
        words = list(re.finditer(r"\S+", text[s:e]))
        while len(words) > 1 and words[-1].group().lower() in PARTICLES:  # "Mann der (leisen Töne)"
            e = s + words[-2].end()
            words = words[:-1]
        if words and words[0].group().lower() in FUNCTION_WORDS:
            s, words = s + words[1].start() if len(words) > 1 else e, words[1:]
        if len(words) < 2:
            continue
        words = list(re.finditer(r"\S+", text[s:e]))
        if len(words) > 2:
            # "Hafenchef Klaus Weber", "Kommunalrådet Per Ek": a capitalised title before first and last name.
            s = s + words[-2].start()
        if e > s:
            found.append((s, e, "PER"))
    return found


def surname_mentions(
    text: str, paragraphs: list[Range], found: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """ "Pichler" anywhere after "Georg Pichler": a capitalised word that is the last word of a full
    name found in the document is that person (one capitalised word alone is not a name here)."""
    last_words = {text[s:e].split()[-1] for s, e, label in found if label == "PER"}
    out = []
    for start, end in paragraphs:
        for m in re.finditer(r"\w+", text[start:end]):
            at = start + m.start()
            if m.group() in last_words and not any(s <= at < e for s, e, _ in found):
                out.append((at, start + m.end(), "PER"))
    return out


def block_lead(text: str, start: int, end: int, language: str) -> tuple[Range | None, Range | None] | None:
    """``(speaker, cue)`` of a paragraph that introduces the next one as a quotation: it ends with
    a colon ("TT rapporterade i går kväll:", "In einer Rede legte sie nach:"). The speaker is the
    one next to a verb of saying in the last sentence, else the sentence's subject."""
    body = text[start:end].rstrip()
    if not body.endswith(":"):
        return None
    sentence_start = leads.sentence_start(text, start + len(body) - 1, start)
    stop = start + len(body) - 1
    cues = list((_PATTERNS.get(language) or _PATTERNS["en"])["cue"].finditer(text, sentence_start, stop))
    if cues:
        cue = cues[-1]
        after = re.match(rf"[ \u00a0]+({NAME}|\w+)", text[cue.end() : stop])
        who = _source_before_cue(text, sentence_start, cue.start())
        if after and pronoun_class(after.group(1)) is not None:  # "skriver hon:"
            who = (cue.end() + after.start(1), cue.end() + after.end(1))
        elif who is None and after:
            who = _who(text, cue.end() + after.start(1), stop)
        return who, (cue.start(), cue.end())
    subject = leads.subject(text, sentence_start, stop)
    if subject is None:  # "In einer Rede im Bundestag legte sie nach:"
        pronoun = next(
            (
                m
                for m in re.finditer(r"\w+", text[sentence_start:stop])
                if pronoun_class(m.group()) == "person"
            ),
            None,
        )
        if pronoun is not None:
            subject = (sentence_start + pronoun.start(), sentence_start + pronoun.end())
    return subject, None
