"""English verbs that can open an attribution whose content is the verb's object: saying, thinking,
estimating, claiming, taking a position, and showing (a poll or a video "shows ...").

The cue table learned on PolNeAR scores every verb it saw (``take``, ``build`` and ``sum up``
among them); an object-pattern candidate needs a verb on this list, or one that PolNeAR train
shows to be a cue at least half the time (:func:`slant.quotes.extract.attribution_verbs_only`),
so an author's sentence about what an actor did is not turned into something the actor said.
The lists are in :mod:`slant.lang.en.attribution`; other languages' cue verbs are in
``slant.lang.<code>.attribution`` (``QUOTE_CUES``, used by :mod:`slant.quotes.rules`)."""

from __future__ import annotations

from slant.lang.en.attribution import POSITION_VERBS, SAYING_VERBS, THINKING_VERBS

VERBS = frozenset((SAYING_VERBS + THINKING_VERBS + POSITION_VERBS).split())


def is_attribution_verb(key: str) -> bool:
    """Whether a cue-table key ("say|ccomp", "call for|prep") has a verb of the lists above."""
    lemma = key.split("|", 1)[0].split(" ", 1)[0]
    return lemma in VERBS
