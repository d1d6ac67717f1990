"""The bundled outlet table is well-formed, and a user's file extends it or fails clearly."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from babel import Locale

from slant.errors import ConfigError
from slant.sources import outlets
from slant.sources.outlets import KINDS

ISO_COUNTRIES = {code for code in Locale("en").territories if re.fullmatch(r"[A-Z]{2}", code)}
DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$")


def test_bundled_table_is_large_and_valid() -> None:
    table = outlets.bundled()
    assert len(table) >= 150
    ids = [o.id for o in table]
    assert len(ids) == len(set(ids))
    for outlet in table:
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", outlet.id)
        assert outlet.kind in KINDS
        assert outlet.country is None or outlet.country in ISO_COUNTRIES, outlet
        for domain in outlet.domains:
            assert domain == domain.lower() and DOMAIN.match(domain) and not domain.startswith("www."), domain
        assert outlet.aliases or outlet.cue_aliases or outlet.domains, outlet.id


def test_no_name_or_domain_belongs_to_two_outlets() -> None:
    owners: dict[str, str] = {}
    for outlet in outlets.bundled():
        for key in (*{a.casefold() for a in (*outlet.aliases, *outlet.cue_aliases)}, *outlet.domains):
            assert owners.setdefault(key, outlet.id) == outlet.id, f"{key!r}: {owners[key]} and {outlet.id}"


def test_issue_outlets_are_there_with_their_facts() -> None:
    table = outlets.load()
    assert table["sohr"].kind == "monitor"
    assert table.lookup_name("Syriska människorättsobservatoriet") == table["sohr"]
    assert table.lookup_name("المرصد السوري لحقوق الإنسان") == table["sohr"]
    assert table.lookup_name("the Associated Press") == table["ap"]
    assert (
        table["reuters"].country == "GB" and table["tass"].country == "RU" and table["sana"].country == "SY"
    )
    for needed in (
        "afp",
        "dpa",
        "tt",
        "ria-novosti",
        "interfax",
        "anadolu",
        "irna",
        "xinhua",
        "bbc",
        "cnn",
        "fox-news",
        "nyt",
        "wapo",
        "wsj",
        "guardian",
        "al-jazeera",
        "rt",
        "spiegel",
        "svt",
        "dn",
        "el-pais",
        "meduza",
        "haaretz",
        "almasdar",
        "enab-baladi",
        "bellingcat",
        "white-helmets",
        "amnesty",
        "hrw",
        "msf",
        "icrc",
        "ocha",
        "unhcr",
        "opcw",
        "snhr",
        "ru-defence-ministry",
        "kremlin",
        "pentagon",
        "us-state-department",
        "white-house",
        "turkish-foreign-ministry",
    ):
        assert needed in table.by_id, needed


def test_domains_map_subdomains_to_their_parent() -> None:
    table = outlets.load()
    assert table.lookup_domain("www.sana.sy").id == "sana"  # type: ignore[union-attr]
    assert table.lookup_domain("english.almasdarnews.com").id == "almasdar"  # type: ignore[union-attr]
    assert table.lookup_domain("edition.cnn.com").id == "cnn"  # type: ignore[union-attr]
    assert table.lookup_domain("notcnn.com") is None
    assert table.lookup_domain("com") is None


def test_user_toml_file_adds_and_overrides(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(
        '[[outlet]]\nid = "capital-sentinel"\nname = "The Capital Sentinel"\nkind = "outlet"\n'
        'domains = ["capitalsentinel.example"]\naliases = ["Capital Sentinel"]\n\n'
        '[[outlet]]\nid = "reuters"\nname = "Reuters (mine)"\nkind = "agency"\naliases = ["Reuters"]\n',
        "utf-8",
    )
    table = outlets.load(str(path))
    assert table.lookup_name("Capital Sentinel").id == "capital-sentinel"  # type: ignore[union-attr]
    assert table["reuters"].name == "Reuters (mine)" and table["reuters"].country is None
    assert len(table) == len(outlets.bundled()) + 1


def test_user_json_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    path.write_text(json.dumps([{"id": "harbour-voice", "name": "Harbour Voice", "kind": "outlet"}]), "utf-8")
    assert outlets.load(str(path))["harbour-voice"].kind == "outlet"


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('id = "Bad Id"\nname = "x"\nkind = "outlet"', "'id' must be a lowercase slug"),
        ('id = "x"\nname = "x"\nkind = "blog"', "'kind' must be one of"),
        ('id = "x"\nname = "x"\nkind = "outlet"\ncountry = "Sweden"', "ISO 3166-1 alpha-2"),
        ('id = "x"\nname = "x"\nkind = "outlet"\ndomains = ["WWW.X.COM"]', "not a lowercase domain"),
        ('id = "x"\nname = "x"\nkind = "outlet"\nfoo = 1', "unknown fields"),
        ('id = "x"\nkind = "outlet"', "'name' must be"),
    ],
)
def test_broken_user_file_names_file_and_entry(tmp_path: Path, entry: str, message: str) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(
        '[[outlet]]\nid = "ok"\nname = "Ok"\nkind = "ngo"\n\n[[outlet]]\n' + entry + "\n", "utf-8"
    )
    with pytest.raises(ConfigError) as caught:
        outlets.load(str(path))
    assert str(path) in str(caught.value) and "entry 2" in str(caught.value) and message in str(caught.value)


def test_unreadable_or_unparseable_user_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read outlet file"):
        outlets.load(str(tmp_path / "missing.toml"))
    bad = tmp_path / "bad.toml"
    bad.write_text("[[outlet]\n", "utf-8")
    with pytest.raises(ConfigError, match="cannot parse outlet file"):
        outlets.load(str(bad))
    twice = tmp_path / "twice.json"
    twice.write_text(json.dumps([{"id": "a", "name": "A", "kind": "ngo"}] * 2), "utf-8")
    with pytest.raises(ConfigError, match="appears twice"):
        outlets.load(str(twice))
