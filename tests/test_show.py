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


TWO_SPRINGFIELDS = """\
- id: acme-springfield
  name: Springfield plant
  aliases: [Springfield]
  owner: acme

- id: globex-springfield
  name: Globex Springfield
  aliases: [Springfield]
  owner: globex
"""


def test_a_name_two_entities_share_gives_way_to_a_unique_id_prefix_as_find_record_decides(make_kb, kb_at):
    from conftest import claim_text

    from kb.answers.query import find_record
    from kb.store.parse import load_kb

    root = make_kb({"claims/registry/factories.yaml": TWO_SPRINGFIELDS,
                    "claims/springfield-expansion.yaml": claim_text("springfield-expansion"),
                    "claims/other.yaml": claim_text("other")})
    kb = kb_at(root)
    # find_record over the whole knowledge base: no exact id, two entities called Springfield, one id starting so
    assert find_record(load_kb(root)[0], "Springfield").id == "springfield-expansion"
    for env in (None, {"KB_NO_CACHE": "1"}):
        data = json.loads(kb("show", "Springfield", "-o", "json", env=env).stdout)
        assert data["id"] == "springfield-expansion"
    # one entity of that name is taken before the prefix
    root = make_kb({"claims/registry/factories.yaml": TWO_SPRINGFIELDS.replace("aliases: [Springfield]\n  owner: globex",
                                                                               "owner: globex")})
    assert json.loads(kb("show", "Springfield", "-o", "json").stdout)["id"] == "acme-springfield"
    # and a name two entities share, with no id starting so, is ambiguous
    (root / "claims/springfield-expansion.yaml").unlink()
    (root / "claims/registry/factories.yaml").write_text(TWO_SPRINGFIELDS, encoding="utf-8")
    result = kb("show", "Springfield")
    assert result.exit_code == 1
    assert "'Springfield' is ambiguous: it could be acme-springfield, globex-springfield" in result.stderr
