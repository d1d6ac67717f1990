"""Abbreviations after which a full stop does not end a sentence, per language.

spaCy's tokenizer exceptions already cover many; these are the ones its
blank pipelines split at in news text (titles before names, "for example").
Lowercase, with the final stop.
"""

from __future__ import annotations

ABBREVIATIONS: dict[str, frozenset[str]] = {
    "en": frozenset(
        [
            "gen.",
            "col.",
            "lt.",
            "sgt.",
            "capt.",
            "cpl.",
            "maj.",
            "adm.",
            "rep.",
            "sen.",
            "gov.",
            "pres.",
            "rev.",
            "hon.",
            "st.",
            "no.",
            "approx.",
            "est.",
            "vs.",
        ]
    ),
    "sv": frozenset(
        [
            "bl.a.",
            "t.ex.",
            "d.v.s.",
            "dvs.",
            "ca.",
            "resp.",
            "s.k.",
            "f.d.",
            "kl.",
            "nr.",
            "jfr.",
            "m.fl.",
            "o.s.v.",
            "osv.",
            "p.g.a.",
            "pga.",
        ]
    ),
    "de": frozenset(
        [
            "dr.",
            "prof.",
            "z.b.",
            "u.a.",
            "bzw.",
            "ca.",
            "nr.",
            "st.",
            "hr.",
            "fr.",
            "bspw.",
            "vgl.",
            "sog.",
            "usw.",
            "inkl.",
            "evtl.",
        ]
    ),
    "fr": frozenset(
        [
            "m.",
            "mm.",
            "mme.",
            "mlle.",
            "dr.",
            "pr.",
            "st.",
            "ste.",
            "etc.",
            "av.",
            "bd.",
            "me.",
            "mgr.",
            "cf.",
            "env.",
        ]
    ),
    "es": frozenset(
        [
            "sr.",
            "sra.",
            "srta.",
            "dr.",
            "dra.",
            "d.",
            "dña.",
            "lic.",
            "ing.",
            "etc.",
            "pág.",
            "núm.",
            "ud.",
            "uds.",
            "gral.",
            "cap.",
        ]
    ),
    "it": frozenset(
        [
            "dott.",
            "dott.ssa",
            "sig.",
            "sig.ra",
            "prof.",
            "avv.",
            "ing.",
            "on.",
            "sen.",
            "ecc.",
            "pag.",
            "art.",
            "gen.",
            "geom.",
            "rag.",
        ]
    ),
    "pl": frozenset(
        [
            "dr.",
            "prof.",
            "mgr.",
            "inż.",
            "płk.",
            "gen.",
            "im.",
            "ul.",
            "tzw.",
            "np.",
            "m.in.",
            "ok.",
            "godz.",
            "św.",
            "ks.",
            "pt.",
            "tj.",
            "nr.",
        ]
    ),
    "ru": frozenset(
        [
            "г.",
            "гг.",
            "г-н.",
            "г-жа.",
            "т.е.",
            "т.д.",
            "т.п.",
            "др.",
            "им.",
            "ул.",
            "стр.",
            "проф.",
            "акад.",
            "тыс.",
            "млн.",
            "млрд.",
            "руб.",
            "ген.",
        ]
    ),
    "uk": frozenset(
        ["р.", "рр.", "ім.", "вул.", "проф.", "акад.", "тис.", "млн.", "млрд.", "грн.", "т.зв.", "ген.", "п."]
    ),
}


def ends_with_abbreviation(sentence: str, language: str | None) -> bool:
    """Whether the sentence's last word is an abbreviation of the language."""
    known = ABBREVIATIONS.get(language or "")
    if not known or not sentence.endswith("."):
        return False
    last = sentence.rsplit(None, 1)[-1].lstrip("(«„“\"'").lower()
    return last in known
