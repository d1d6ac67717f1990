"""The 23 SemEval-2023 Task 3 persuasion techniques, their six categories and the PTC mapping.

Definitions and examples are written for slant: plain language a reader can follow
without the annotation guidelines, and examples set in an invented world (Estravia,
Kaldmora, the port city Lindhaven, the outlets Capital Sentinel and Harbour Voice).
A technique label says how a passage tries to persuade, never whether it is true.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Technique:
    """One persuasion technique: SemEval-2023 name, category, human title, definition, example."""

    name: str
    category: str
    title: str
    definition: str
    example: str


CATEGORIES: dict[str, str] = {
    "attack_on_reputation": "Attack on reputation",
    "justification": "Justification",
    "simplification": "Simplification",
    "distraction": "Distraction",
    "call": "Call",
    "manipulative_wording": "Manipulative wording",
}
"""The six SemEval-2023 categories, key -> human title."""

TECHNIQUES: tuple[Technique, ...] = (
    Technique(
        "Loaded_Language",
        "manipulative_wording",
        "Loaded language",
        "Words are chosen for their emotional charge rather than their precision, such as 'disaster', "
        "'heroic' or 'shameful'. The feeling they stir can stand in for evidence, so the reader reacts "
        "before weighing what actually happened.",
        "The Capital Sentinel called the new harbour fee a shameless raid on the pockets of "
        "hard-working families.",
    ),
    Technique(
        "Name_Calling-Labeling",
        "attack_on_reputation",
        "Name calling or labelling",
        "A person or group is given a label meant to make the audience like or dislike them, such as an "
        "insulting nickname or a flattering title. The label does the persuading: it invites a judgement "
        "about the target without giving reasons for it.",
        "Those Kaldmoran trade envoys are nothing but a pack of con artists.",
    ),
    Technique(
        "Doubt",
        "attack_on_reputation",
        "Casting doubt",
        "The writer questions whether a person, group or claim can be trusted, often through hints or "
        "pointed questions rather than evidence. A doubt is easier to raise than to clear, so the "
        "suspicion can stick even when nothing has been shown.",
        "Can we really believe a harbour minister who has changed his figures three times this month?",
    ),
    Technique(
        "Questioning_the_Reputation",
        "attack_on_reputation",
        "Questioning the reputation",
        "The writer attacks someone's character or moral standing, for example by calling them corrupt, "
        "cowardly or disloyal, instead of engaging with what they say or do. Lowering the audience's "
        "opinion of the person makes their position look weaker without any argument against the "
        "position itself.",
        "The Harbour Voice editor has never cared about the facts, only about her next award.",
    ),
    Technique(
        "Exaggeration-Minimisation",
        "manipulative_wording",
        "Exaggeration or minimisation",
        "Something is made to look much bigger, better or worse than it is, or is played down as trivial. "
        "The distorted size shapes the reader's reaction while the real scale goes unexamined.",
        "The new ferry timetable is the worst catastrophe ever to strike Lindhaven.",
    ),
    Technique(
        "Appeal_to_Fear-Prejudice",
        "justification",
        "Appeal to fear or prejudice",
        "The text seeks support by making the audience afraid of what might happen, or by playing on "
        "existing suspicion of a group. Fear and prejudice push people towards a conclusion quickly, "
        "leaving little room to ask whether the threat is real or how likely it is.",
        "If we open the border crossing to Kaldmora, our streets will never be safe again.",
    ),
    Technique(
        "Repetition",
        "manipulative_wording",
        "Repetition",
        "The same word, phrase or idea comes back again and again. Hearing something many times makes it "
        "feel familiar and so more believable, although repeating a claim adds no support for it.",
        "Lower fares now. Lower fares for workers. Lower fares for Lindhaven. Lower fares now.",
    ),
    Technique(
        "Conversation_Killer",
        "call",
        "Conversation killer",
        "A short stock phrase is used to end a discussion or brush off criticism, such as 'it is what it "
        "is' or 'enough said'. It presents the matter as closed and discourages the reader from thinking "
        "further or asking questions.",
        "Some say the port deal is unfair, but rules are rules, and that is the end of it.",
    ),
    Technique(
        "Appeal_to_Authority",
        "justification",
        "Appeal to authority",
        "A claim is presented as settled mainly because an important person, expert or institution "
        "supports it. The standing of the source can make the claim feel proven, even when the "
        "authority is not an expert on the subject or no evidence is offered.",
        "Estravia's most decorated admiral backs the new tariff, so it must be sound economics.",
    ),
    Technique(
        "Appeal_to_Hypocrisy",
        "attack_on_reputation",
        "Appeal to hypocrisy",
        "The writer points out that someone has been inconsistent, or does not practise what they "
        "preach, in order to discredit them. A contradiction in someone's behaviour may hurt their "
        "standing, but it does not show whether their current point is right or wrong.",
        "The mayor wants us all to drive less, yet she arrives at every harbour festival by limousine.",
    ),
    Technique(
        "Slogans",
        "call",
        "Slogans",
        "A brief, catchy phrase is used in place of an argument. Slogans are easy to remember and "
        "repeat, and they can stir feeling or a sense of belonging while saying little that can be "
        "checked.",
        "Build the bridge, bring the jobs!",
    ),
    Technique(
        "Flag_Waving",
        "justification",
        "Flag waving",
        "The text appeals to pride in a group, such as a nation, region or community, to justify a "
        "position or action. Loyalty to the group is made to feel like a reason to agree, though "
        "belonging to a group says nothing about whether a policy works.",
        "Every true Estravian will stand behind the new navy budget.",
    ),
    Technique(
        "Causal_Oversimplification",
        "simplification",
        "Causal oversimplification",
        "A complicated situation is blamed on a single cause, or one cause is credited with an outcome "
        "that had many. A simple explanation is easy to grasp and act on, but it can leave out the other "
        "factors that matter.",
        "Lindhaven's unemployment rose for one reason only: the new ferry company from Kaldmora.",
    ),
    Technique(
        "Guilt_by_Association",
        "attack_on_reputation",
        "Guilt by association",
        "A person, group or idea is attacked by linking it to someone or something the audience already "
        "dislikes. The bad reputation is passed on through the link itself, without showing that the "
        "target shares the faults in question.",
        "The new zoning plan is also backed by the disgraced former port chief, which tells you enough.",
    ),
    Technique(
        "Appeal_to_Values",
        "justification",
        "Appeal to values",
        "A position is justified by tying it to values the audience holds dear, such as freedom, "
        "fairness, tradition or family. Agreeing with the value is made to feel like agreeing with the "
        "position, although the link between the two is not shown.",
        "Keeping the old fish market open is simply a matter of honouring tradition and family.",
    ),
    Technique(
        "False_Dilemma-No_Choice",
        "simplification",
        "False dilemma or no choice",
        "The reader is offered only two options, or just one, when more exist. Narrowing the choices "
        "makes the preferred option look unavoidable and pushes the alternatives out of view.",
        "Either we sign the trade pact with Kaldmora today, or Estravia's economy collapses.",
    ),
    Technique(
        "Obfuscation-Vagueness-Confusion",
        "manipulative_wording",
        "Obfuscation, vagueness or confusion",
        "The wording is so unclear that the audience can read into it whatever they like, or cannot tell "
        "what is being claimed. Vague statements are hard to check or dispute, which lets a speaker seem "
        "to say something while committing to very little.",
        "The ministry will take certain appropriate steps regarding the situation in due course.",
    ),
    Technique(
        "Consequential_Oversimplification",
        "simplification",
        "Consequential oversimplification",
        "The text claims that one step will set off a chain of events ending in something very good or "
        "very bad, without showing why each link would follow. The dramatic end point makes the first "
        "step seem decisive, though the chain itself is never established.",
        "Allow one night market today, and soon the old town of Lindhaven will have no residents left.",
    ),
    Technique(
        "Straw_Man",
        "distraction",
        "Straw man",
        "An opponent's position is replaced by a weaker or more extreme version, which is then attacked. "
        "Knocking down the distorted version can look like defeating the real argument, though the "
        "original has not been addressed.",
        "The Harbour Voice wants a review of fishing quotas, so apparently it wants every boat scrapped.",
    ),
    Technique(
        "Appeal_to_Popularity",
        "justification",
        "Appeal to popularity",
        "A claim or action is presented as right because many people already accept it. The wish to "
        "belong makes agreement feel natural, but the number of supporters does not show that something "
        "is true or wise.",
        "Everyone in Lindhaven is already switching to the new ferry line, so you should too.",
    ),
    Technique(
        "Red_Herring",
        "distraction",
        "Red herring",
        "An unrelated topic is brought in to draw attention away from the issue under discussion. The new "
        "topic may be interesting or emotional, and the original question is quietly left unanswered.",
        "Asked about the delayed bridge, the minister spoke at length about Estravia's win in the "
        "regional sailing cup.",
    ),
    Technique(
        "Appeal_to_Time",
        "call",
        "Appeal to time",
        "The text insists that now is the moment to act, stressing urgency or a deadline. Time pressure "
        "discourages careful thought and makes delay feel like failure, whether or not the timing "
        "actually matters.",
        "The time to act is now: Lindhaven cannot wait another day for the new seawall.",
    ),
    Technique(
        "Whataboutism",
        "distraction",
        "Whataboutism",
        "Criticism is answered by pointing to a similar fault of the critic or of someone else, instead "
        "of by responding to it. Shifting the focus can make the criticism seem unfair, while the point "
        "it raised goes unanswered.",
        "Kaldmora complains about our fishing fleet, but what about the oil its own tankers spill?",
    ),
)
"""The 23 techniques in the SemEval-2023 Task 3 order."""

NAMES: tuple[str, ...] = tuple(t.name for t in TECHNIQUES)
"""Technique names in the order of ``TECHNIQUES``."""

BY_NAME: dict[str, Technique] = {t.name: t for t in TECHNIQUES}
"""Technique name -> Technique."""

# PTC (SemEval-2020 Task 11) has 14 classes; three of them merged techniques that SemEval-2023
# annotates separately. A PTC span of a merged class says only that the passage uses one of the
# parts, not which, so training code must treat it as "one of these" (for example a partial or
# multi-label target), never as all of them at once nor as a single arbitrary one.
PTC_TO_SEMEVAL2023: dict[str, tuple[str, ...]] = {
    "Loaded_Language": ("Loaded_Language",),
    "Name_Calling,Labeling": ("Name_Calling-Labeling",),
    "Repetition": ("Repetition",),
    "Doubt": ("Doubt",),
    "Exaggeration,Minimisation": ("Exaggeration-Minimisation",),
    "Appeal_to_fear-prejudice": ("Appeal_to_Fear-Prejudice",),
    "Flag-Waving": ("Flag_Waving",),
    "Causal_Oversimplification": ("Causal_Oversimplification",),
    "Appeal_to_Authority": ("Appeal_to_Authority",),
    "Slogans": ("Slogans",),
    "Whataboutism,Straw_Men,Red_Herring": ("Whataboutism", "Straw_Man", "Red_Herring"),
    "Black-and-White_Fallacy": ("False_Dilemma-No_Choice",),
    "Thought-terminating_Cliches": ("Conversation_Killer",),
    "Bandwagon,Reductio_ad_hitlerum": ("Appeal_to_Popularity", "Guilt_by_Association"),
}
"""PTC class name, spelled as in the PTC files -> the SemEval-2023 techniques it covers."""


def ptc_targets(label: str) -> tuple[str, ...]:
    """SemEval-2023 names a PTC span of ``label`` may be; more than one means "one of these"."""
    try:
        return PTC_TO_SEMEVAL2023[label]
    except KeyError:
        known = ", ".join(PTC_TO_SEMEVAL2023)
        raise KeyError(f"unknown PTC technique label {label!r}; known labels: {known}") from None


def is_ambiguous(label: str) -> bool:
    """True when the PTC class merged several SemEval-2023 techniques."""
    return len(ptc_targets(label)) > 1


CUE_MAX_CHARS = 80
"""Longest cue, ellipsis included, that ``explain`` quotes."""


def _clean_cue(cue: str) -> str:
    """Collapse whitespace, drop control characters and cut to ``CUE_MAX_CHARS``."""
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in cue)
    text = " ".join(text.split())
    if len(text) > CUE_MAX_CHARS:
        text = text[: CUE_MAX_CHARS - 1].rstrip() + "…"
    return text


def explain(name: str, cue: str | None = None) -> str:
    """Plain-text explanation of a technique span, quoting the (untrusted) cue if given."""
    try:
        technique = BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown persuasion technique {name!r}") from None
    text = f"{technique.title}: {technique.definition}"
    if cue is not None and (cleaned := _clean_cue(cue)):
        return f'Cue: "{cleaned}". {text}'
    return text
