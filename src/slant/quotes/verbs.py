"""English verbs that can open an attribution whose content is the verb's object: saying, thinking,
estimating, claiming, taking a position, and showing (a poll or a video "shows ...").

The cue table learned on PolNeAR scores every verb it saw (``take``, ``build`` and ``sum up``
among them); an object-pattern candidate needs a verb on this list, or one that PolNeAR train
shows to be a cue at least half the time (:func:`slant.quotes.extract.attribution_verbs_only`),
so an author's sentence about what an actor did is not turned into something the actor said.
Other languages have their verb lists in :mod:`slant.quotes.rules`."""

from __future__ import annotations

SAYING = """
say tell add state claim argue assert insist warn note explain announce report write declare
reply respond answer comment remark mention stress emphasize emphasise underline underscore
point repeat reiterate confirm deny admit acknowledge concede reveal disclose allege contend
maintain testify tweet post retweet quote cite describe characterize characterise call label
dub brand term name ask question wonder urge demand request plead appeal recommend advise
propose suggest promise vow pledge threaten boast complain protest lament accuse blame charge
criticize criticise condemn denounce praise applaud hail welcome thank apologize apologise
dismiss reject rebuff dispute contradict counter correct clarify caution predict forecast
project estimate calculate guess reckon speculate conclude observe recall recount describe
tout publish broadcast air release signal hint imply indicate inform notify brief announce
shout yell whisper cry chant sing joke quip snap retort scoff mock ridicule
discuss talk speak refer reference highlight express encourage identify blast slam lambaste
lambast rip attack liken compare contrast detail invoke paint echo insult challenge chide
scold berate castigate tout vouch offer raise cast portray depict frame present
show seem appear issue document file
"""
THINKING = """
think believe feel know understand consider expect anticipate hope fear worry doubt suspect
assume presume suppose imagine guess trust see view regard deem judge find realize realise
recognize recognise remember forget learn discover decide agree disagree accept
"""
POSITION = """
want wish prefer support back endorse oppose favor favour defend champion advocate urge seek
insist refuse decline vote
"""
VERBS = frozenset((SAYING + THINKING + POSITION).split())


def is_attribution_verb(key: str) -> bool:
    """Whether a cue-table key ("say|ccomp", "call for|prep") has a verb of the lists above."""
    lemma = key.split("|", 1)[0].split(" ", 1)[0]
    return lemma in VERBS
