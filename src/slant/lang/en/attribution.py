"""English attribution words.

- ``QUOTE_CUES``, ``QUOTE_THAT``, ``QUOTE_ACCORDING``: reporting verbs, complementizers and
  "according to" words of the quote rules (:mod:`slant.quotes.rules`), as regex alternations.
- ``SAYING_VERBS``, ``THINKING_VERBS``, ``POSITION_VERBS``: verbs that can open an attribution
  whose content is the verb's object (:mod:`slant.quotes.verbs`).
- ``SOURCE_CUES``: patterns that say a text relies on a source (:mod:`slant.sources.cues`): the
  regex, the side the source is on ("after", "before" or "either"), and whether it is a speech verb.
"""

QUOTE_CUES = (
    r"said|says|told|added|stated|claimed|warned|insisted|wrote|argued|explained|announced|noted|"
    r"(?:has|have|had) said"
)
QUOTE_THAT = r"that"
QUOTE_ACCORDING = r"according to"
SAYING_VERBS = """
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
THINKING_VERBS = """
think believe feel know understand consider expect anticipate hope fear worry doubt suspect
assume presume suppose imagine guess trust see view regard deem judge find realize realise
recognize recognise remember forget learn discover decide agree disagree accept
"""
POSITION_VERBS = """
want wish prefer support back endorse oppose favor favour defend champion advocate urge seek
insist refuse decline vote
"""
SOURCE_CUES: list[tuple[str, str, bool]] = [
    (r"according to", "after", False),
    (r"citing", "after", False),
    (
        r"(?:as )?(?:first )?(?:reported|quoted|cited|confirmed|announced|published|claimed|denied|"
        r"verified|obtained|seen|shared|posted|aired|broadcast)"
        r"(?: as (?:saying|stating|telling \w+))? by",
        "after",
        False,
    ),
    (r"in an interview with", "after", False),
    (r"(?:said|confirmed|admitted) to", "after", True),
    (r"told", "after", True),
    (
        r"(?:reported|reports|reporting|broke the story|broke the news|confirmed|confirms|announced|"
        r"quoted|quotes|claimed|claims|alleged|published|wrote|writes|revealed|cited|"
        r"declined to comment|did not respond|could not be reached)",
        "before",
        False,
    ),
    (r"(?:said|says|stated|added|noted|denied|told)", "before", True),
]
