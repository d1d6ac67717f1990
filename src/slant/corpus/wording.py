"""Wording comparison: which words are most distinctive of each outlet's texts.

Method: weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn
2008, "Fightin' words", eq. 16 and 22), each group against all other groups pooled. For word
``w``, group ``i`` and the rest ``j``::

    delta_w = log((y_iw + a_w) / (n_i + a0 - y_iw - a_w)) - log((y_jw + a_w) / (n_j + a0 - y_jw - a_w))
    z_w     = delta_w / sqrt(1 / (y_iw + a_w) + 1 / (y_jw + a_w))

where ``y`` are word counts, ``n`` total word counts and the prior ``a_w`` is proportional to the
word's frequency in the pooled corpus of all groups, ``sum(a_w) = a0``.

A word is reported for a group only when it occurs at least ``min_count`` times in the group, in at
least :data:`MIN_TEXTS` different texts of the group (so one long text repeating a word cannot
make it "the outlet's wording"), and its z-score is at least ``min_z``.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import cache

import numpy as np

__all__ = [
    "MIN_TEXTS",
    "PRIOR_WEIGHT",
    "STOPWORDS",
    "WordScore",
    "Wording",
    "compare_wording",
    "stopwords_for",
    "tokens",
]

# a0 = PRIOR_WEIGHT x the number of words in the pooled corpus, i.e. the prior is the pooled
# counts themselves (Monroe et al. build their informative prior from a corpus at least as large
# as the compared one). A fixed small a0 such as 500 misbehaves at dashboard scale: for a word
# used 667 times by outlet A and never by the others in 1.2M words, a0=500 gives a_w=0.28, the
# variance term 1/a_w dominates and z=4.5, below the z=4.9 of "the" at 5.0% vs 4.8%; with
# a0 = corpus size the exclusive word gets z=19 and "the" z=2.7. The price: a word used by one
# of two equal-sized groups only needs about 12 uses to reach z=1.96 (z ~ 0.57 * sqrt(count),
# whatever the corpus size), fewer when the group is a small part of the corpus.
PRIOR_WEIGHT = 1.0

# A word must occur in at least this many texts of a group to be reported for it.
MIN_TEXTS = 2

# Arabic tatweel and short-vowel marks (harakat, shadda, sukun) are optional in writing: most news
# text omits them, so a vowelled and an unvowelled spelling should count as one word.
# (A regex, because str.translate with a table is ten times slower on long non-ASCII texts.)
_ARABIC_OPTIONAL = re.compile("[\u0640\u064b-\u0652]")


@cache
def _word_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Word regexes with combining marks: (for texts within the BMP, for any text); built once."""
    # Python's \w excludes combining marks (Mn/Mc/Me), which would cut Devanagari, Thai or
    # vowelled Arabic words apart, so words are runs of \w and marks. Marks outside the BMP
    # (historic and minority scripts, variation selectors) make the character class about twice
    # as slow, so that variant only runs on texts that hold such characters.
    codes = [c for c in range(0x30000) if unicodedata.category(chr(c)) in ("Mn", "Mc", "Me")]
    ranges: list[tuple[int, int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    ranges.append((0xE0100, 0xE01EF))

    def char_class(selected: list[tuple[int, int]]) -> str:
        return "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b != a else "") for a, b in selected)

    bmp = char_class([(a, b) for a, b in ranges if b < 0x10000])
    astral = char_class([(a, b) for a, b in ranges if a >= 0x10000])
    return re.compile(rf"[\w{bmp}]+"), re.compile(rf"[\w{bmp}]+(?:[{astral}]+[\w{bmp}]*)*")


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_LETTER = re.compile(r"[^\W\d_]")


def tokens(text: str) -> list[str]:
    """Split a text into the words the comparison counts.

    NFKC-normalised and casefolded runs of word characters (combining marks included) that hold
    at least one letter, so pure numbers ("2024", "1_000") are dropped while "covid19" is kept.
    Letters of any script are kept; Arabic tatweel and short-vowel marks are removed. Apostrophes
    and hyphens split words ("l'armée" -> "l", "armée").

    Args:
        text: Any text.

    Returns:
        The words in order.
    """
    if not text:
        return []
    bmp, full = _word_patterns()
    pattern = bmp
    if not text.isascii():
        text = _ARABIC_OPTIONAL.sub("", unicodedata.normalize("NFKC", text))
        if _ASTRAL.search(text):
            pattern = full
    # Most words are all letters: isalpha() settles them without a regex call.
    return [word for word in pattern.findall(text.casefold()) if word.isalpha() or _LETTER.search(word)]


@dataclass(frozen=True)
class WordScore:
    """One word's distinctiveness for a group.

    Attributes:
        word: The normalised word (see :func:`tokens`).
        z: z-score of the log-odds difference, group vs all other groups; > 0 = distinctive of
            the group.
        count: Occurrences in the group.
        other_count: Occurrences in all other groups together.
        per_10k: Rate in the group per 10,000 words.
        other_per_10k: Rate in the other groups together per 10,000 words.
    """

    word: str
    z: float
    count: int
    other_count: int
    per_10k: float
    other_per_10k: float


@dataclass
class Wording:
    """Result of :func:`compare_wording`.

    Attributes:
        groups: Group -> its most distinctive words, z descending, ties by word.
        words: Group -> total words counted (stopwords included).
        texts: Group -> texts counted (empty texts included).
    """

    groups: dict[str, list[WordScore]]
    words: dict[str, int]
    texts: dict[str, int]


def compare_wording(
    groups: Mapping[str, Iterable[str]],
    *,
    top: int = 15,
    min_count: int = 3,
    min_z: float = 1.96,
    stopwords: Collection[str] = (),
) -> Wording:
    """Find the words most distinctive of each group of texts against the other groups.

    Every group is compared with all other groups pooled, using the weighted log-odds ratio with
    an informative Dirichlet prior from the pooled corpus (see the module docstring). Stopwords
    still count towards totals and the prior, so the list only hides words from the result and
    never changes another word's score.

    Args:
        groups: Group name (e.g. outlet) -> its texts, each a string; any iterable, read once.
        top: At most this many words per group.
        min_count: A word needs at least this many occurrences in the group.
        min_z: A word needs at least this z-score.
        stopwords: Words never reported (normalised like :func:`tokens`); see :func:`stopwords_for`.

    Returns:
        The top words per group, in the order of ``groups``, and the words and texts counted.

    Raises:
        ValueError: Fewer than two groups.
        TypeError: A group's texts given as one string instead of an iterable of texts.
    """
    if len(groups) < 2:
        raise ValueError("compare at least two outlets")
    names = list(groups)
    vocab: defaultdict[str, int] = defaultdict()
    vocab.default_factory = vocab.__len__  # a new word gets the next id
    ids = array("q")
    group_ends: list[int] = []  # end offset in ids of each group
    text_ends: list[array[int]] = []  # per group: end offsets of its texts in ids
    texts: dict[str, int] = {}
    for name in names:
        source = groups[name]
        if isinstance(source, str):
            raise TypeError(f"group {name!r}: give an iterable of texts, not one string")
        ends = array("q")
        for text in source:
            ids.extend(map(vocab.__getitem__, tokens(text)))
            ends.append(len(ids))
        text_ends.append(ends)
        group_ends.append(len(ids))
        texts[name] = len(ends)

    size = len(vocab)
    all_ids = np.frombuffer(ids, dtype=np.int64) if ids else np.zeros(0, dtype=np.int64)
    starts = [0, *group_ends[:-1]]
    counts = np.stack(
        [np.bincount(all_ids[a:b], minlength=size) for a, b in zip(starts, group_ends, strict=True)]
    )
    doc_freq = np.stack(
        [_doc_freq(all_ids, a, ends, size) for a, ends in zip(starts, text_ends, strict=True)]
    )

    totals = counts.sum(axis=1)
    pooled = counts.sum(axis=0)
    corpus = int(totals.sum())
    a0 = PRIOR_WEIGHT * corpus
    alpha = a0 * pooled / corpus if corpus else np.zeros(size)

    words_by_id = np.array(list(vocab), dtype=object)
    hidden = np.zeros(size, dtype=bool)
    stop = {word for entry in stopwords for word in tokens(entry)}
    for word in stop:
        index = vocab.get(word)
        if index is not None:
            hidden[index] = True

    result: dict[str, list[WordScore]] = {}
    for row, name in enumerate(names):
        mine = counts[row]
        rest = pooled - mine
        n_mine = int(totals[row])
        n_rest = corpus - n_mine
        z = _z_scores(mine, rest, n_mine, n_rest, alpha, a0)
        keep = (mine >= min_count) & (doc_freq[row] >= MIN_TEXTS) & (z >= min_z) & ~hidden
        chosen = np.flatnonzero(keep)
        order = sorted(chosen.tolist(), key=lambda i: (-z[i], words_by_id[i]))[: max(top, 0)]
        result[name] = [
            WordScore(
                word=str(words_by_id[i]),
                z=float(z[i]),
                count=int(mine[i]),
                other_count=int(rest[i]),
                per_10k=1e4 * int(mine[i]) / n_mine,
                other_per_10k=1e4 * int(rest[i]) / n_rest if n_rest else 0.0,
            )
            for i in order
        ]
    return Wording(
        groups=result,
        words={name: int(total) for name, total in zip(names, totals, strict=True)},
        texts=texts,
    )


def _doc_freq(all_ids: np.ndarray, start: int, ends: array[int], size: int) -> np.ndarray:
    """Number of texts of one group that contain each word."""
    if not ends or ends[-1] == start:
        return np.zeros(size, dtype=np.int64)
    ids = all_ids[start : ends[-1]]
    bounds = np.frombuffer(ends, dtype=np.int64)
    lengths = bounds - np.concatenate(([start], bounds[:-1]))
    text_of = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    # One key per (text, word) occurrence; after sorting, the first of each run of equal keys is
    # one (text, word) pair. np.sort is an order of magnitude faster here than np.unique.
    keys = np.sort(text_of * size + ids)
    first = np.empty(len(keys), dtype=bool)
    first[0] = True
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    return np.bincount(keys[first] % size, minlength=size)


def _z_scores(
    mine: np.ndarray, rest: np.ndarray, n_mine: int, n_rest: int, alpha: np.ndarray, a0: float
) -> np.ndarray:
    """Monroe et al. z-scores of the log-odds difference, group vs rest, for every word."""
    y_i = mine + alpha
    y_j = rest + alpha
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log(y_i / (n_mine + a0 - y_i)) - np.log(y_j / (n_rest + a0 - y_j))
        z = delta / np.sqrt(1.0 / y_i + 1.0 / y_j)
    # Non-finite only in degenerate corpora (a single distinct word): nothing is distinctive.
    return np.where(np.isfinite(z), z, 0.0)


def _stoplist(words: str) -> frozenset[str]:
    """Normalise a whitespace-separated stopword list like :func:`tokens`."""
    return frozenset(tokens(words))


# Short lists of function words (articles, pronouns, prepositions, conjunctions, auxiliaries,
# common adverbs), written for this module. Not used by default: the prior already damps frequent
# words; pass them when a list of content words is wanted.
STOPWORDS: dict[str, frozenset[str]] = {
    "en": _stoplist(
        """a an the and or but if then so than that this these those there here of to in on at by
        for with from into onto about over under after before between through during without
        against as up down out off again is are was were be been being am do does did doing have
        has had having will would shall should can could may might must not no nor i me my we us
        our you your he him his she her it its they them their what which who whom whose when
        where why how all any both each few more most other some such only own same too very just
        also s t don said says"""
    ),
    "sv": _stoplist(
        """och i att det som en på är av för med till den har de inte om ett men var jag sig från
        vi så kan man när år säger hon under också efter eller nu sina vid mot alla där han hans
        hennes dess deras detta denna dessa då ska skulle blir blev bli varit vara hade ha få
        får inom utan genom över mellan sedan redan än bara mycket många vilka vilken vilket
        vad vem hur här in ut upp ner dem oss mig dig honom henne er ni du min mitt mina din ditt
        dina vår vårt våra ert era samt enligt"""
    ),
    "de": _stoplist(
        """der die das den dem des ein eine einer eines einem einen und oder aber doch sondern
        denn dass daß ob wenn als wie weil so zu zum zur in im an am auf aus bei mit nach von vom
        vor über unter zwischen durch für gegen ohne um bis seit ist sind war waren sein gewesen
        wird werden wurde wurden worden hat haben hatte hatten kann können konnte muss müssen
        soll sollen will wollen nicht kein keine keinen auch noch nur schon sehr mehr ich du er
        sie es wir ihr mich mir dich dir ihn ihm uns euch sich sein seine seiner seinem seinen
        ihre ihrem ihren ihrer dieser diese dieses diesem diesen jener alle alles man hier dort
        da dann nun sagte sagt laut"""
    ),
    "fr": _stoplist(
        """le la les l un une des du de d et ou mais donc or ni car que qu qui quoi dont où ce
        cet cette ces c ça se s sa son ses leur leurs mon ma mes ton ta tes notre nos votre vos
        je j tu il elle on nous vous ils elles me m te t lui y en à au aux dans par pour sur sous
        avec sans entre vers chez contre pendant depuis selon après avant est sont était étaient
        été être a ont avait avaient avoir fait faire sera seront ne n pas plus moins très aussi
        comme si tout tous toute toutes même autre autres déjà encore ainsi alors là ici a dit"""
    ),
    "ru": _stoplist(
        """и в во не что он на я с со как а то все всё она так его но да ты к у же вы за бы по
        только ее её мне было вот от меня еще ещё нет о из ему теперь когда даже ну ли если уже
        или ни быть был была были будет будут него до вас нибудь опять уж вам ведь там потом
        себя ничего ей может они тут где есть надо ней для мы тебя их чем сам чтобы без будто
        чего раз тоже себе под этот эта это эти этого этой этих том тем того той при через над
        об после также который которая которое которые которых между перед более сказал заявил
        году года"""
    ),
    "es": _stoplist(
        """el la los las lo un una unos unas y e o u pero sino ni que qué quien quienes cual cuyo
        de del a al en por para con sin sobre entre hasta desde hacia contra según durante tras
        es son era eran fue fueron ser sido siendo está están estaba estar ha han había haber
        hay se su sus le les me te nos os mi mis tu tus yo tú él ella ellos ellas nosotros
        usted ustedes este esta estos estas ese esa esos esas aquel eso esto no sí más menos muy
        también ya como cuando donde porque si todo todos toda todas otro otra otros otras mismo
        dijo según"""
    ),
    "ar": _stoplist(
        """في من إلى الى على عن مع و أو او ثم لكن بل أن ان إن لأن كي حتى إذا اذا لو لا ما لم لن
        ليس قد كان كانت يكون تكون كانوا هو هي هم هن هما نحن أنا انا أنت انت أنتم هذا هذه هذان
        ذلك تلك هؤلاء أولئك الذي التي الذين اللذين اللتين اللواتي ما ماذا متى أين اين كيف كل
        بعض غير بين بعد قبل عند منذ خلال حول ضد دون فوق تحت أمام امام وراء لدى له لها لهم به
        بها بهم فيه فيها منه منها عليه عليها وقد وفي ومن وهو وهي كما أيضا ايضا فقط وقال قال
        قالت يا أي اي إلا الا"""
    ),
}


def stopwords_for(languages: Iterable[str]) -> frozenset[str]:
    """Union of the :data:`STOPWORDS` lists of the given languages.

    Args:
        languages: ISO 639-1 codes; region suffixes are ignored ("en-GB" -> "en") and codes
            without a list are skipped.

    Returns:
        The normalised stopwords, ready for ``compare_wording(..., stopwords=...)``.
    """
    found: set[str] = set()
    for language in languages:
        found |= STOPWORDS.get(language.split("-")[0].split("_")[0].casefold(), frozenset())
    return frozenset(found)
