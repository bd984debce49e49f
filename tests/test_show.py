"""`kb show`: one claim with entities resolved, relations both ways, prefixes and entities."""

from __future__ import annotations

import json


def test_claim_fields_resolved(kb_repo):
    out = kb_repo("show", "lges-tesla-4680-production-this-year", "-o", "plain").stdout
    assert "Speaker:   Kim Dong-myeong (CEO; LG Energy Solution) [kim-dong-myeong]" in out
    assert "When:      2024 (2024-01-01 to 2024-12-31), inferred from: \"later this year\"" in out
    assert "Said:      unknown" in out
    assert "Publisher: unknown" in out
    assert "“LG Energy Solution CEO Kim Dong-myeong announced plans to commence Tesla 4680 battery production later this year.”" in out


def test_inverse_relations_are_shown(kb_repo):
    out = kb_repo("show", "lges-tesla-4680-production-this-year", "-o", "plain").stdout
    assert ("elaborated by lges-4680-ochang-mass-production: LG Energy Solution intends to start 4680 mass "
            "production at its Ochang factory in North Chungcheong Province.") in out


def test_unique_prefix_and_ambiguous_prefix(kb_repo):
    found = kb_repo("show", "lges-4680-o", "-o", "json")
    assert found.exit_code == 0
    assert json.loads(found.stdout)["id"] == "lges-4680-ochang-mass-production"
    result = kb_repo("show", "lges-4680")
    assert result.exit_code == 1
    assert ("'lges-4680' is ambiguous: it could be lges-4680-arizona-production, lges-4680-nanjing-considering, "
            "lges-4680-ochang-mass-production") in result.stderr


def test_entity_with_its_claims(kb_repo):
    data = json.loads(kb_repo("show", "lges-ochang", "-o", "json").stdout)
    assert data["kind"] == "factory"
    assert data["claims"] == {"factory": ["lges-4680-ochang-mass-production"]}


def test_unknown_id(kb_repo):
    result = kb_repo("show", "nothing-like-this")
    assert result.exit_code == 1
    assert "no claim or entity 'nothing-like-this'" in result.stderr
