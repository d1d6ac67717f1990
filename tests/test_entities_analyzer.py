"""The ``entities`` analyzer: labels, canonical ids across spellings and languages, coreference, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import slant.entities.analyzer  # noqa: F401 - registers the analyzer
from slant.analyze import build
from slant.document import Document
from slant.entities import tagger
from slant.entities.coref import slug
from slant.errors import ConfigError

LABELS = {"PER", "ORG", "GPE", "LOC", "NORP", "MISC"}

ALEPPO_EN = (
    "Aleppo truce collapses\n\n"
    "US Secretary of State John Kerry and Russian Foreign Minister Sergei Lavrov spoke by phone on Friday. "
    "Lavrov said Washington had failed to separate the rebels from Jabhat al-Nusra, while Kerry "
    "blamed Moscow for the strikes. The U.S. and the Americans' allies insist that Daesh, also called "
    "ISIS or the Islamic State, is the main threat.\n\n"
    "Mr. Lavrov repeated that Russian aircraft had not hit the convoy. Officials who arrived in Washington "
    "on Sunday said the Nusra Front still held the eastern districts."
)
ALEPPO_RU = (
    "Перемирие в Алеппо сорвано\n\n"
    "Министр иностранных дел России Сергей Лавров заявил, что США не смогли отделить оппозицию от "
    "«Джебхат ан-Нусры». По словам Лаврова, боевики ИГИЛ продолжают обстреливать жилые кварталы. "
    "Вашингтон отверг обвинения Москвы."
)
ALEPPO_SV = (
    "Vapenvilan i Aleppo bröt samman\n\n"
    "USA:s utrikesminister John Kerry och Rysslands utrikesminister Sergej Lavrov talades vid i telefon på "
    "fredagen. Lavrov sade att Islamiska staten och al-Nusra måste bekämpas, medan Kerry anklagade Moskva. "
    "Enligt FN har tusentals civila flytt från staden."
)
ALEPPO_DE = (
    "Waffenruhe in Aleppo gescheitert\n\n"
    "US-Außenminister John Kerry und der russische Außenminister Sergej Lawrow haben am Freitag telefoniert. "
    "Lawrow sagte, Washington habe die Rebellen nicht von der Nusra-Front getrennt. Nach Angaben der "
    "Vereinten Nationen flohen Tausende Zivilisten aus der Stadt."
)


def analyse(text: str, **options: object) -> Document:
    pipeline = build(["paragraphs", "language", "sentences", "entities"], entities=options)
    doc = pipeline(Document("t", text, {}))
    check(doc)
    return doc


def check(doc: Document) -> None:
    """Every entity span lies in the text, covers a name, and carries the documented attrs."""
    for span in doc.layer("entity"):
        assert 0 <= span.start < span.end <= len(doc.text)
        surface = doc.span_text(span)
        assert surface == surface.strip() and any(c.isalpha() for c in surface), surface
        assert span.label in LABELS
        assert span.attrs["matched"] in {"model", "alias", "model+alias", "coref"}
        canonical = span.attrs["canonical"]
        assert canonical and canonical.isascii() and canonical == canonical.lower(), canonical
        assert span.attrs["name"]
        assert span.model
        assert span.score is None or 0.0 <= span.score <= 1.0


def ids(doc: Document) -> dict[str, set[str]]:
    """Canonical ids by the exact text of their mentions."""
    out: dict[str, set[str]] = {}
    for span in doc.layer("entity"):
        out.setdefault(doc.span_text(span), set()).add(span.attrs["canonical"])
    return out


def test_english_spellings_of_one_actor_share_a_canonical_id() -> None:
    doc = analyse(ALEPPO_EN)
    found = ids(doc)
    assert found["U.S."] == {"us"}
    assert found["US"] == {"us"}
    assert "us" in found["the Americans"]
    assert found["Daesh"] == found["ISIS"] == found["Islamic State"] == {"isis"}
    assert found["Jabhat al-Nusra"] == found["Nusra Front"] == {"jabhat-al-nusra"}
    assert found["Lavrov"] == found["Sergei Lavrov"] == {"sergei-lavrov"}
    labels = {doc.span_text(s): s.label for s in doc.layer("entity")}
    assert labels["John Kerry"] == "PER"
    assert labels["Daesh"] == "ORG"
    assert labels["the Americans"] == "NORP"
    assert labels["Russian"] == "NORP"


def test_a_capital_stands_for_its_state_only_in_the_political_sense() -> None:
    doc = analyse(ALEPPO_EN)
    washington = [s for s in doc.layer("entity") if doc.span_text(s) == "Washington"]
    assert len(washington) == 2
    political, place = washington
    assert political.attrs["canonical"] == "us" and political.attrs["metonym"] == "washington"
    assert place.attrs["canonical"] == "washington"  # "arrived in Washington" is the city
    moscow = [s for s in doc.layer("entity") if doc.span_text(s) == "Moscow"]
    assert moscow and moscow[0].attrs["canonical"] == "ru"


def test_russian_names_in_other_grammatical_cases_get_the_same_ids() -> None:
    doc = analyse(ALEPPO_RU)
    assert doc.language == "ru"
    found = ids(doc)
    assert found["США"] == {"us"}
    assert found["России"] == {"ru"}
    assert found["Сергей Лавров"] == found["Лаврова"] == {"sergei-lavrov"}
    assert found["ИГИЛ"] == {"isis"}
    assert "jabhat-al-nusra" in {c for text, cs in found.items() if "Нуср" in text for c in cs}
    assert found["Вашингтон"] == {"us"}
    models = {s.model for s in doc.layer("entity") if s.attrs["matched"] != "alias"}
    assert any(m and m.startswith("natasha") for m in models)


def test_swedish_and_german_use_the_trained_tagger_and_the_alias_table() -> None:
    sv = analyse(ALEPPO_SV)
    found = ids(sv)
    assert found["Islamiska staten"] == {"isis"}
    assert found["al-Nusra"] == {"jabhat-al-nusra"}
    assert found["FN"] == {"un"}
    assert found["Lavrov"] == found["Sergej Lavrov"] == {"sergei-lavrov"}
    assert found["Moskva"] == {"ru"}
    de = analyse(ALEPPO_DE)
    found = ids(de)
    assert found["Lawrow"] == found["Sergej Lawrow"] == {"sergei-lavrov"}
    assert found["Washington"] == {"us"}
    assert found["Vereinten Nationen"] == {"un"}
    from slant.heads import model as heads_model

    backend = "slant.heads." if heads_model.available() else "slant.entities.tagger@"
    if heads_model.available() or "de" in tagger.available():
        assert any((s.model or "").startswith(backend) for s in de.layer("entity"))
        scored = [s for s in de.layer("entity") if s.attrs["matched"].startswith("model")]
        assert scored and all(s.score is not None for s in scored)


def test_unknown_person_gets_an_id_from_the_longest_mention() -> None:
    text = (
        "Marta Kowalczyk, a spokeswoman for the aid agency, said the convoy had been stopped at the "
        "checkpoint. Kowalczyk added that the drivers were safe."
    )
    doc = analyse(text)
    found = ids(doc)
    assert found["Kowalczyk"] == found["Marta Kowalczyk"] == {"per:marta-kowalczyk"}


def test_organisation_acronym_after_its_full_name_shares_its_id() -> None:
    text = (
        "The Lindhaven Harbour Workers Union (LHWU) called a strike on Monday. "
        "A spokesman for the LHWU said the strike would last a week."
    )
    doc = analyse(text)
    acronyms = [s for s in doc.layer("entity") if doc.span_text(s) == "LHWU"]
    full = [s for s in doc.layer("entity") if "Harbour Workers Union" in doc.span_text(s)]
    if full:  # the acronym rule needs the model to find the full name
        assert acronyms and {s.attrs["canonical"] for s in acronyms} == {full[0].attrs["canonical"]}


def test_user_alias_file_extends_and_overrides_the_table(tmp_path: Path) -> None:
    extra = tmp_path / "extra.toml"
    extra.write_text(
        '[[entity]]\nid = "kaldmora-front"\nlabel = "ORG"\nname = "Kaldmora Liberation Front"\n'
        'aliases = ["Kaldmora Liberation Front", "KLF"]\n\n'
        '[[entity]]\nid = "isis"\naliases = ["Tanzim"]\n',
        encoding="utf-8",
    )
    text = "The KLF said the Tanzim fighters had left. Daesh denied it."
    doc = analyse(text, aliases=str(extra))
    found = ids(doc)
    assert found["KLF"] == {"kaldmora-front"}
    assert found["Tanzim"] == {"isis"}
    assert found["Daesh"] == {"isis"}
    as_json = tmp_path / "extra.json"
    as_json.write_text(
        json.dumps({"entity": [{"id": "klf", "label": "ORG", "aliases": ["KLF"]}]}), encoding="utf-8"
    )
    assert ids(analyse(text, aliases=str(as_json)))["KLF"] == {"klf"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[[entity]]\nid = "Bad Id"\nlabel = "ORG"\n', "slug"),
        ('[[entity]]\nid = "x"\nlabel = "TEAM"\naliases = ["X"]\n', "label"),
        ('[[entity]]\nid = "x"\nlabel = "ORG"\naliases = "X"\n', "aliases"),
        ('[[entity]]\nid = "x"\nlabel = "ORG"\ncolour = "red"\n', "unknown key"),
        ('[[entity]]\nid = "newthing"\naliases = ["New"]\n', "label"),
        ('[[entity]]\nid = "x"\nlabel = "GPE"\nmetonym_of = "nowhere"\n', "metonym_of"),
        ("[[entity]\nid = ", "not valid TOML"),
        ("name = 'no entries'\n", "entity"),
    ],
)
def test_broken_alias_file_gives_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        build(["paragraphs", "language", "sentences", "entities"], entities={"aliases": str(path)})
    assert message in str(error.value)
    assert "broken.toml" in str(error.value)


def test_missing_alias_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        build(
            ["paragraphs", "language", "sentences", "entities"],
            entities={"aliases": str(tmp_path / "no.toml")},
        )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "ბიძინა ივანიშვილი და ირაკლი კობახიძე თბილისში შეხვდნენ. ნიკოლოზ ბასილაშვილი არ მოსულა.",
        "ዐቢይ አሕመድ እና ደብረጽዮን ገብረሚካኤል በአዲስ አበባ ተገናኙ። ሱዳን ዝም አለች።",
        "ISIS" * 500,
        "«»—–…\u200b\u200d\ufeff🙂🙂 US",
        "THIS IS WAR, SAYS THE US ARMY",
    ],
)
def test_bad_input_never_crashes_or_leaves_the_text(text: str) -> None:
    analyse(text)


def test_a_300_sentence_paragraph_stays_in_bounds() -> None:
    sentence = (
        "Sergei Lavrov told the U.N. in Geneva that Daesh and al-Nusra fighters left Aleppo on day {n}. "
    )
    text = "".join(sentence.format(n=n) for n in range(300))
    doc = analyse(text)
    found = doc.layer("entity")
    assert len([s for s in found if s.attrs["canonical"] == "isis"]) >= 290
    assert len({(s.start, s.end) for s in found}) == len(found)


def test_slugs_are_ascii_for_every_script() -> None:
    assert slug("Sergei Lavrov") == "sergei-lavrov"
    assert slug("Сергей Лавров") == "sergey-lavrov"
    assert slug("Jürgen Müller") == "jurgen-muller"
    arabic = slug("سيرغي لافروف")
    assert arabic.isascii() and arabic.startswith("x") and arabic == slug("سيرغي لافروف")


def test_lowercase_fragments_are_not_names_but_arabic_names_still_are() -> None:
    french = analyse(
        "Les grévistes sont venus à trois heures du matin parce qu’ils savaient qu’ils ne pourraient "
        "pas le faire en plein jour, a déclaré Claire Dubois, porte-parole du syndicat à Marseille."
    )
    surfaces = {french.span_text(s) for s in french.layer("entity")}
    assert "qu" not in surfaces and "Claire Dubois" in surfaces
    arabic = analyse(
        "قال وزير الخارجية سيرغي لافروف إن المحادثات مع الولايات المتحدة ستستمر في جنيف الأسبوع المقبل."
    )
    assert {"us"} in ids(arabic).values() and {"sergei-lavrov"} in ids(arabic).values()
