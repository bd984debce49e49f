"""A second source added end to end with commands only, as a new analyst would: archive and register
it, add its new entities, write its six claims (one superseding a seed claim, one contradicting
another), and the knowledge base still checks strictly and is formatted. No file is edited by hand."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import REPO

from kb.store.parse import load_kb

PAGE = Path(__file__).parent / "data" / "sdi-46-series.html"
SOURCE = "battery-industry-samsung-sdi-bets-46-series"


def test_second_source_with_commands_only(tmp_path, kb_at):
    shutil.copytree(REPO / "claims", tmp_path / "claims")
    shutil.copytree(REPO / "sources", tmp_path / "sources")
    kb = kb_at(tmp_path)
    commands = [
        ["add", "source", "--from", str(PAGE), "--kind", "article"],
        ["add", "company", "--name", "Samsung SDI", "--alias", "SDI", "--country", "South Korea"],
        ["add", "company", "--name", "SNE Research", "--country", "South Korea"],
        ["add", "person", "--name", "Choi Yoon-ho", "--role", "CEO", "--company", "SDI"],
        ["add", "person", "--name", "Park Chul-wan", "--role", "senior analyst", "--company", "SNE Research"],
        ["add", "factory", "--name", "Cheonan plant", "--alias", "Cheonan", "--owner", "SDI", "--city", "Cheonan",
         "--country", "South Korea"],
        ["new", "--speaker", "Choi Yoon-ho", "--company", "SDI", "--product", "46-series", "--factory", "Cheonan",
         "--when", "2025", "--said", "2024-06", "--status", "planned", "--source", SOURCE,
         "--claim", "Samsung SDI will begin mass production of 46-series cells at Cheonan in 2025.",
         "--quote", "Samsung SDI will begin mass production of 46-series cylindrical cells at its Cheonan plant "
                    "in 2025"],
        ["new", "--speaker", "SDI", "--company", "SDI", "--factory", "Cheonan", "--status", "planned",
         "--source", SOURCE, "--claim", "Samsung SDI plans to invest 1 trillion won in a new line at Cheonan.",
         "--quote", "The company plans to invest 1 trillion won in the new Cheonan line."],
        ["new", "--speaker", "Kim Dong-myeong", "--company", "LGES", "--concerns", "Tesla", "--product", "4680",
         "--factory", "Ochang", "--when", "2025", "--status", "planned", "--source", SOURCE,
         "--claim", "LG Energy Solution now expects 4680 mass production at Ochang to start in 2025.",
         "--quote", "now expects mass production at its Ochang factory to start in 2025",
         "--relation", "supersedes=lges-tesla-4680-production-this-year"],
        ["new", "--speaker", "Park Chul-wan", "--company", "SNE Research", "--concerns", "LGES", "--product", "4680",
         "--when", "2026", "--status", "opinion", "--source", SOURCE,
         "--claim", "LG Energy Solution's 4680 mass production will more likely slip into 2026.",
         "--quote", "LG Energy Solution's 4680 mass production will more likely slip into 2026",
         "--relation", "contradicts=lges-ochang-4680-2025-expects-mass-production"],
        ["new", "--speaker", "Park Chul-wan", "--product", "46-series", "--when", "2027", "--status", "opinion",
         "--source", SOURCE, "--claim", "Demand for 46-series cells will triple by 2027.",
         "--quote", "demand for 46-series cells will triple by 2027"],
        ["new", "--speaker", SOURCE, "--status", "opinion", "--source", SOURCE,
         "--claim", "The larger cylindrical format is becoming the cell industry's next battleground.",
         "--quote", "the larger cylindrical format is becoming the industry's next battleground"],
    ]
    outputs = []
    for command in commands:
        result = kb(*command)
        assert result.exit_code == 0, (command, result.stderr)
        outputs.append(result.stdout)
    # one command per claim (6) plus one per new entity or source (6)
    assert len(commands) == 12
    assert outputs[:6] == [
        f"added source {SOURCE} to claims/registry/sources.yaml\narchived its text in sources/{SOURCE}.txt\n",
        "added company samsung-sdi to claims/registry/companies.yaml\n",
        "added company sne-research to claims/registry/companies.yaml\n",
        "added person choi-yoon-ho to claims/registry/people.yaml\n",
        "added person park-chul-wan to claims/registry/people.yaml\n",
        "added factory samsung-sdi-cheonan to claims/registry/factories.yaml\n",
    ]
    folder = f"claims/{SOURCE}"
    assert outputs[6:] == [
        f"{folder}/samsung-sdi-cheonan-46-series-2025-begin-mass.yaml\n",
        f"{folder}/samsung-sdi-cheonan-plans-invest-1-trillion-won.yaml\n",
        f"{folder}/lges-ochang-4680-2025-expects-mass-production.yaml\n",
        f"{folder}/sne-research-4680-2026-lg-energy-solution-mass.yaml\n",
        f"{folder}/park-chul-wan-46-series-2027-demand-cells-triple.yaml\n",
        f"{folder}/battery-industry-larger-cylindrical-format.yaml\n",
    ]
    assert (tmp_path / f"{folder}/lges-ochang-4680-2025-expects-mass-production.yaml").read_text() == (
        "id: lges-ochang-4680-2025-expects-mass-production\n"
        "claim: LG Energy Solution now expects 4680 mass production at Ochang to start in 2025.\n"
        "speaker: kim-dong-myeong\n"
        "company: lges\n"
        "concerns: [tesla]\n"
        "product: \"4680\"\n"
        "factory: lges-ochang\n"
        "when: 2025\n"
        "status: planned\n"
        f"source: {SOURCE}\n"
        "quote: now expects mass production at its Ochang factory to start in 2025\n"
        "supersedes: [lges-tesla-4680-production-this-year]\n")
    registry = (tmp_path / "claims/registry/sources.yaml").read_text()
    assert registry.startswith((REPO / "claims/registry/sources.yaml").read_text())
    assert registry.endswith(
        f"\n\n- id: {SOURCE}\n"
        "  title: Samsung SDI bets on 46-series cells as LG Energy Solution pushes 4680 start to 2025\n"
        "  kind: article\n"
        "  publisher: Battery Industry Weekly\n"
        "  date: 2024-06-12\n"
        f"  archive: sources/{SOURCE}.txt\n")
    archived = (tmp_path / f"sources/{SOURCE}.txt").read_text()
    assert "Park Chul-wan, a senior analyst at SNE Research, doubted that timeline." in archived
    assert "Most read" not in archived and "Copyright" not in archived and "Subscribe" not in archived
    check = kb("check", "--strict")
    assert check.exit_code == 0, check.output
    assert kb("fmt", "--check").exit_code == 0
    loaded = load_kb(tmp_path)[0]
    assert len(loaded.claims) == 16
    assert loaded.entities_by_id["choi-yoon-ho"].company == "samsung-sdi"
    assert loaded.entities_by_id["samsung-sdi-cheonan"].owner == "samsung-sdi"
    due = kb("due", "--as-of", "2025-01-01", "--format", "ids")
    assert "lges-tesla-4680-production-this-year" not in due.stdout.split()
