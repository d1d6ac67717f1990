"""English attribution candidates from a dependency parse (Citron-style patterns).

Patterns, each keyed by the cue's lemma so a precision table learned on
PolNeAR train can keep or drop it:

- ``ccomp``: a reporting verb with a clausal complement ("Lavrov stated that ...",
  "X said: “...”"); source = its subject (or the ``by`` agent, or the subject of the
  verb it hangs from: "..., adding that ...").
- ``parataxis``: a quote split or closed by the attribution ("“A,” he said, “B.”"):
  the content is the quote's clause with the "he said" clause cut out, so a split
  quote is one candidate with two parts.
- ``dobj`` / ``xcomp`` / ``prep``: a verb whose object, infinitive or prepositional
  object is the attributed content ("endorsed Sanders", "urged voters to stay home",
  "called for a ban"); only lemmas that are cues in train often enough survive the table.
- ``according``: "according to X, ..." — content is the rest of the clause.
- ``colon``: "X said:" whose content is the rest of the sentence, or (``block``) the
  following paragraph when the colon ends the paragraph.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from slant.quotes.candidates import Candidate, Range, clean_parts, subtract, trim
from slant.quotes.marks import Quoted

SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
CLAUSAL = {"ccomp"}
OBJECTS = {"dobj", "xcomp", "attr", "oprd"}
CLIMB = {"conj", "advcl", "xcomp", "pcomp", "prep", "acl", "ccomp"}
"""Dependencies a cue verb without its own subject borrows one through ("..., adding that")."""

RELATIVES = {"who", "which", "that", "whom"}
PRONOUNS = {"he", "she", "they", "it", "i", "we", "you", "him", "her", "them"}
NAMED = {"PERSON", "ORG", "GPE", "NORP"}
PREPOSITIONS = {"to", "for", "about", "on", "with", "of", "at", "against", "as"}


def source_class(tokens: Any) -> str:
    """pron, ent (holds a named person, organisation, place or group) or np."""
    toks = list(tokens)
    if len(toks) == 1 and toks[0].pos_ == "PRON":
        return "pron"
    if any(t.ent_type_ in NAMED for t in toks):
        return "ent"
    return "np"


def _fallback_source(verb: Any, sent: Any) -> Any | None:
    """A cue with no usable subject in the parse: the nearest person or organisation before it in the
    sentence, else the first one right after it ("..., said Mayor Ortiz")."""
    ents = [e for e in sent.ents if e.label_ in {"PERSON", "ORG"}]
    before = [e for e in ents if e.end <= verb.i]
    if before:
        return before[-1]
    after = [e for e in ents if verb.i < e.start <= verb.i + 4]
    return after[0] if after else None


def _range(tokens: Iterable[Any]) -> Range:
    toks = list(tokens)
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def subtree_range(token: Any) -> Range:
    """Character range of a token's subtree (it is contiguous in a projective parse)."""
    return token.left_edge.idx, token.right_edge.idx + len(token.right_edge.text)


def _source(verb: Any) -> Any | None:
    """The source head for a cue verb: its subject, its passive agent, or a governing verb's subject."""
    node = verb
    for _ in range(4):
        for child in node.children:
            if child.dep_ in SUBJECTS and child.dep_ != "nsubjpass":
                return child
        for child in node.children:
            if child.dep_ == "agent":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return pobj
        if node.dep_ == "relcl":
            return node.head
        if node.dep_ not in CLIMB or node.head is node:
            return None
        node = node.head
    return None


def _source_range(head: Any, verb: Any) -> Range:
    """The source phrase: the subject's subtree, or for a relative clause its noun and what precedes it."""
    if verb.dep_ == "relcl" and head is verb.head:
        return head.left_edge.idx, head.idx + len(head.text)
    return subtree_range(head)


def _cue_range(verb: Any) -> Range:
    """The cue verb with its auxiliaries, negation and particle ("has not said", "called for")."""
    tokens = [verb] + [c for c in verb.children if c.dep_ in {"aux", "auxpass", "neg", "prt"}]
    tokens.sort(key=lambda t: t.i)
    # Only auxiliaries directly before the verb: "has said", not a distant "will" of another clause.
    near = [t for t in tokens if abs(t.i - verb.i) <= 3]
    return _range(near)


def _with_quotes(ranges: list[Range], quotes: list[Quoted], sent: Range) -> list[Range]:
    """Content ranges grown to cover the quotations they touch (inside the sentence)."""
    grown = list(ranges)
    for q in quotes:
        if q.end <= sent[0] or q.start >= sent[1]:
            continue
        if any(q.start < e and s < q.end for s, e in ranges):
            grown.append((q.start, min(q.end, sent[1]) if not q.closed else q.end))
    return grown


def candidates(
    sdoc: Any, offset: int, text: str, quotes: list[Quoted], cue_lemmas: set[str] | None = None
) -> list[Candidate]:
    """Candidates in one parsed piece (``sdoc`` covers ``text[offset:...]``); offsets are absolute.

    ``cue_lemmas`` limits which verbs are tried (all verbs when None, as when the table is learned).
    """
    found: list[Candidate] = []
    for sent in sdoc.sents:
        srange = (offset + sent.start_char, offset + sent.end_char)
        for token in sent:
            lemma = token.lemma_.lower()
            if token.lower_ == "according" and token.i + 1 < len(sdoc) and sdoc[token.i + 1].lower_ == "to":
                cand = _according(token, sdoc, offset, text, srange)
                if cand:
                    found.append(cand)
                continue
            if token.pos_ not in {"VERB", "AUX"} or (cue_lemmas is not None and lemma not in cue_lemmas):
                continue
            found.extend(_verb_candidates(token, lemma, sent, offset, text, quotes, srange))
    return found


def _verb_candidates(
    verb: Any, lemma: str, sent: Any, offset: int, text: str, quotes: list[Quoted], srange: Range
) -> list[Candidate]:
    out = []
    head = _source(verb)
    source = None
    pronoun = False
    kind = "none"
    if head is not None and not any(c.isalnum() for c in head.text):
        head = None  # a quotation mark the parser took for a subject
    if head is not None:
        s, e = _source_range(head, verb)
        source = trim(text, offset + s, offset + e)
        pronoun = head.lower_ in PRONOUNS and head.pos_ == "PRON"
        kind = source_class(verb.doc.char_span(s, e, alignment_mode="expand") or [head])
    else:
        entity = _fallback_source(verb, sent)
        if entity is not None:
            source = (offset + entity.start_char, offset + entity.end_char)
            kind = "near"
    if source is not None and source[0] >= source[1]:
        source, kind = None, "none"
    cs, ce = _cue_range(verb)
    cue = (offset + cs, offset + ce)
    if any(q.start < cue[0] and cue[1] <= q.end for q in quotes):
        return []  # a reporting verb inside a quotation is part of the quoted speech
    holes = [cue] + ([source] if source else [])
    colon = next((c for c in verb.children if c.text == ":" and c.i > verb.i), None)

    # "a pensioner in Leeds, who says …": "who" stays the source the cue table scores, and the noun
    # it stands for names the speaker.
    antecedent = None
    if head is not None and head.lower_ in RELATIVES and head.head.dep_ == "relcl":
        noun = head.head.head
        antecedent = (offset + noun.left_edge.idx, offset + noun.idx + len(noun.text))

    def make(ranges: list[Range], pattern: str) -> Candidate | None:
        shifted = [(offset + s, offset + e) for s, e in ranges]
        parts = clean_parts(text, subtract(_with_quotes(shifted, quotes, srange), holes))
        if not parts:
            return None
        cand = Candidate(
            parts, source, cue, pattern, f"{lemma}|{pattern}", source_is_pronoun=pronoun, source_class=kind
        )
        if antecedent is not None:
            cand.extra["antecedent"] = antecedent
        return cand

    for child in verb.children:
        if child.dep_ in CLAUSAL:
            pattern = "colon" if colon is not None and colon.i < child.i else "ccomp"
            cand = make([subtree_range(child)], pattern)
            if cand:
                out.append(cand)
        elif child.dep_ in OBJECTS:
            cand = make([subtree_range(child)], "dobj" if child.dep_ != "xcomp" else "xcomp")
            if cand:
                out.append(cand)
        elif child.dep_ == "prep" and child.lower_ in PREPOSITIONS and child.i > verb.i:
            # "called for a ban", "referring to the report": the preposition belongs to the cue.
            pobj = next((c for c in child.children if c.dep_ in {"pobj", "pcomp"}), None)
            if pobj is not None:
                cand = make([subtree_range(pobj)], "prep")
                if cand:
                    cand.cue = (cue[0], offset + child.idx + len(child.text))
                    cand.key = f"{lemma} {child.lower_}|prep"
                    out.append(cand)
    if verb.dep_ == "parataxis" and verb.head.pos_ in {"VERB", "AUX"}:
        # "“A,” he said, “B.”": the quote's clause is the head; cut the attribution out of it.
        clause = verb.head
        ranges = [subtree_range(clause)]
        cand = make(ranges, "parataxis")
        if cand:
            cand.parts = subtract(cand.parts, [(offset + a, offset + b) for a, b in [subtree_range(verb)]])
            cand.parts = clean_parts(text, cand.parts)
            if cand.parts:
                out.append(cand)
    if colon is not None and colon.i == sent.end - 1:
        # "The minister told reporters:" closing a paragraph: the quote is the next paragraph.
        out.append(
            Candidate(
                [], source, cue, "block", f"{lemma}|block", source_is_pronoun=pronoun, source_class=kind
            )
        )
    elif not out and colon is not None:
        rest = (offset + colon.idx + 1, srange[1])
        if rest[1] - rest[0] > 1:
            cand = make([(rest[0] - offset, rest[1] - offset)], "colon")
            if cand:
                out.append(cand)
    return out


def _according(token: Any, sdoc: Any, offset: int, text: str, srange: Range) -> Candidate | None:
    """ "according to X, Y": source X, content the clause the phrase modifies, the phrase cut out."""
    to = sdoc[token.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    ps, pe = subtree_range(pobj)
    source = trim(text, offset + ps, offset + pe)
    cue = (offset + token.idx, offset + to.idx + len(to.text))
    phrase = subtree_range(token) if token.head is not token else (token.idx, pe)
    clause = token.head
    while clause.head is not clause and clause.dep_ not in {"ROOT", "ccomp", "conj"}:
        clause = clause.head
    cs, ce = subtree_range(clause)
    if clause is token:
        cs, ce = srange[0] - offset, srange[1] - offset
    holes = [(offset + phrase[0], offset + max(phrase[1], pe)), cue, source]
    parts = clean_parts(text, subtract([(offset + cs, offset + ce)], holes))
    if not parts:
        return None
    pronoun = pobj.lower_ in PRONOUNS and pobj.pos_ == "PRON"
    kind = source_class(list(pobj.subtree))
    return Candidate(
        parts,
        source,
        cue,
        "according",
        "according to|according",
        source_is_pronoun=pronoun,
        source_class=kind,
    )
