"""Russian attribution words.

- ``QUOTE_CUES``, ``QUOTE_THAT``, ``QUOTE_ACCORDING``: reporting verbs, complementizers and
  "according to" words of the quote rules (:mod:`slant.quotes.rules`), as regex alternations.
- ``SOURCE_CUES``: patterns that say a text relies on a source (:mod:`slant.sources.cues`): the
  regex, the side the source is on ("after", "before" or "either"), and whether it is a speech verb.
"""

QUOTE_CUES = (
    r"заявил[аи]?|сказал[аи]?|сообщил[аи]?|отметил[аи]?|подчеркнул[аи]?|пояснил[аи]?|добавил[аи]?|"
    r"считает|считают|написал[аи]?|говорит|говорят|утверждает|утверждают|рассказал[аи]?|"
    r"предупредил[аи]?|заявляет|заявляют|назвал[аи]?|называет|называют|заявить|сказать|"
    r"рассказать|передаёт|передает|пишет|добавляет|говорит"
)
QUOTE_THAT = r"что"
QUOTE_ACCORDING = r"по словам|по данным|согласно|как сообщает|как сообщил[аи]?"
SOURCE_CUES: list[tuple[str, str, bool]] = [
    (r"по данным", "after", False),
    (r"по словам", "after", False),
    (r"по информации", "after", False),
    (r"по сообщению", "after", False),
    (r"со ссылкой на", "after", False),
    (r"как (?:сообщает|сообщил[аио]?|передает|передаёт|пишет|заявил[аио]?)", "after", False),
    (
        r"(?:сообщает|сообщают|сообщил[аио]?|передает|передаёт|пишет|подтвердил[аио]?|подтверждает)",
        "either",
        False,
    ),
    (r"(?:заявил[аио]?|заявляет|сказал[аио]?)", "either", True),
]
