"""Generate a synthetic knowledge base, deterministically, for benchmarks.

    python bench/generate.py DIR --claims 100000 [--seed 1] [--git]
    python bench/generate.py DIR --claims 1000 --entities 100000       # a registry of 100,000 entities

Claims plus a registry with aliases, nested folders, unicode, and multi-line quotes;
about one file in twenty is written by hand-style YAML (block lists, folded quotes,
comments) rather than the canonical layout, as a real repository would hold.

The claim model of issue 10: `when:` periods of every precision (years, halves, quarters,
months, days, early/mid/late/end, seasons, `A..B`, `..B`, and a few fiscal years `FY2027`
of companies whose `fiscal_year_end` is known), `quantities:` (capacity in GWh/yr or
MWh/yr, investment in two currencies, jobs), periods the source only implies, a declared
attribute, external ids, claims that supersede or contradict earlier ones, and a few old
files still saying `year:`.

Tags with known shares select a known part of the claims (SHARES), for the benchmark's
answer-size sweep: `kb list --tag share-15` gives 15 % of them.
--entities N adds N registry entities: people one file each under
claims/registry/people/NNN/ (folders of 1,000), and companies in list files of 1,000
under claims/registry/companies/ (one in five entities).
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kb.model.schema import STATUSES, Attribute, Claim, Company, Factory, Person, Source  # noqa: E402
from kb.store.yamlwrite import dump_claim, dump_registry  # noqa: E402

SYLLABLES = ["ka", "lo", "mi", "ne", "ro", "su", "ta", "vi", "zen", "dor", "bel", "gar", "lux", "tron", "vol"]
UNICODE = ["é", "ü", "ø", "한", "中", "ł", "ñ", "ß"]
PRODUCTS = ["4680", "2170", "lfp", "ncm-811", "sodium-ion", "solid-state", "46-series", "blade"]
CITIES = ["Ochang", "Nanjing", "Austin", "Berlin", "Debrecen", "Wrocław", "Lansing", "Kentucky", "Ulsan", "Chengdu"]
# tag -> which claims carry it (by number): 0.01 %, 1 %, 15 % and 50 % of the claims
SHARES = {"share-001": lambda i: i % 10000 == 5, "share-1": lambda i: i % 100 == 3,
          "share-15": lambda i: i % 20 < 3, "share-50": lambda i: i % 2 == 1}
RATINGS = ["true", "mostly-true", "half-true", "mostly-false", "false"]
VERBS = ["will start", "plans to expand", "is considering", "has begun", "will double", "aims to ramp up",
         "postponed", "cancelled", "confirmed"]


def word(rng: random.Random, n: int = 2) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(n))


def generate(root: Path, claims: int, seed: int = 1, entities: int = 0) -> dict:
    rng = random.Random(seed)
    n_companies = max(5, claims // 100)
    companies = []
    for i in range(n_companies):
        name = f"{word(rng, 3).capitalize()} {rng.choice(['Energy', 'Batteries', 'Cells', 'Motors'])}"
        companies.append(dict(id=f"co-{i:05d}", name=f"{name} {i}",
                              aliases=[f"C{i:05d}", f"{name.split()[0]}{rng.choice(UNICODE)}{i}"],
                              country=rng.choice(["South Korea", "China", "Germany", "United States"])))
        if i % 10 == 0:  # a company reporting in fiscal years (FY periods of its claims are placed by this)
            companies[-1]["fiscal_year_end"] = rng.choice([3, 6, 9])
    people = [dict(id=f"p-{i:05d}", name=f"{word(rng).capitalize()} {word(rng).capitalize()}-{i}",
                   role=rng.choice(["CEO", "CFO", "head of cells"]), company=rng.choice(companies)["id"])
              for i in range(max(5, claims // 50))]
    factories = [dict(id=f"f-{i:05d}", name=f"{rng.choice(CITIES)} plant {i}", aliases=[f"F{i:05d}"],
                      owner=rng.choice(companies)["id"], city=rng.choice(CITIES), country="Somewhere")
                 for i in range(max(5, claims // 80))]
    sources = [dict(id=f"s-{i:05d}", title=f"Report {i}: {word(rng, 4)} “{rng.choice(UNICODE)}”",
                    kind=rng.choice(["article", "press-release", "filing"]), date=f"20{rng.randint(18, 26)}")
               for i in range(max(5, claims // 20))]
    registry = root / "claims" / "registry"
    registry.mkdir(parents=True, exist_ok=True)
    for name, record_type, entries in (("companies", Company, companies), ("people", Person, people),
                                       ("factories", Factory, factories), ("sources", Source, sources)):
        (registry / f"{name}.yaml").write_text(dump_registry(entries, record_type), encoding="utf-8")
    (registry / "attributes.yaml").write_text(dump_registry([dict(
        name="rating", type="choice", values=RATINGS, description="A fact-checker's rating.")], Attribute),
        encoding="utf-8")
    if entities:
        more_entities(root, entities, companies)
    for i in range(claims):
        company = companies[rng.randrange(0, len(companies), 10)] if i % 100 == 17 else rng.choice(companies)
        source = rng.choice(sources)
        factory = rng.choice(factories)
        product = rng.choice(PRODUCTS)
        verb = rng.choice(VERBS)
        text = (f"{company['name']} {verb} {product} production at {factory['name']} for the "
                f"{word(rng, 3)} {word(rng, 2)} programme ({rng.choice(UNICODE)}).")
        quote = f"“{company['name']} {verb} {product} output,” said a spokesperson. Line {i}."
        if i % 7 == 0:
            quote += "\nSecond line of the quote."
        values = dict(id=f"c-{i:06d}", claim=text, speaker=rng.choice(people)["id"] if i % 3 else company["id"],
                      company=company["id"], concerns=[rng.choice(companies)["id"]] if i % 4 == 0 else [],
                      product=product, factory=factory["id"], when=period(rng, i, company),
                      said=f"20{rng.randint(18, 26)}-{rng.randint(1, 12):02d}", status=rng.choice(list(STATUSES)),
                      source=source["id"], quote=quote,
                      tags=[product, rng.choice(["expansion", "delay", "cells"])]
                      + [tag for tag, share in SHARES.items() if share(i)],
                      quantities=quantities(rng, i))
        if values["when"] and i % 13 == 0:
            values["inferred"] = {"when": "later this year"}
        if i % 50 == 7:  # an update of an earlier plan, or a disagreement with one
            values["supersedes"] = [f"c-{i - 7:06d}"]
        if i % 97 == 5:
            values["contradicts"] = [f"c-{i - 5:06d}"]
        if i % 9 == 4:
            values["attributes"] = {"rating": RATINGS[i % len(RATINGS)]}
        if i % 25 == 3:
            values["external"] = {"dataset": f"row-{i}"}
        folder = root / "claims" / source["id"][:4] / source["id"]
        folder.mkdir(parents=True, exist_ok=True)
        text_out = dump_claim(values, Claim) if i % 20 else hand_written(values)
        (folder / f"{values['id']}.yaml").write_text(text_out, encoding="utf-8")
    return {"company": companies[0], "claims": claims}


def period(rng: random.Random, i: int, company: dict) -> str:
    """A `when:` of every precision the model has, most often a plain year."""
    year = rng.randint(2019, 2030)
    if i % 100 == 17 and "fiscal_year_end" in company:
        return rng.choice([f"FY{year}", f"FY{year}-H2", f"FY{year}-Q{rng.randint(1, 4)}"])
    form = (i + i // 20) % 20  # hand-written files (every twentieth) get every form too
    if form < 8:
        return str(year)
    if form == 8:
        return f"{year}-H{rng.randint(1, 2)}"
    if form == 9:
        return f"{year}-Q{rng.randint(1, 4)}"
    if form == 10:
        return f"{year}-{rng.randint(1, 12):02d}"
    if form == 11:
        return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if form == 12:
        return f"{year}-{rng.choice(['early', 'mid', 'late', 'end'])}"
    if form == 13:
        return f"{year}-{rng.choice(['spring', 'summer', 'autumn', 'winter'])}"
    if form == 14:
        return f"..{year}"
    if form == 15:
        return f"{year}..{year + rng.randint(1, 3)}"
    if form == 16:
        return f"{year}-H1..{year + 1}-Q2"
    return str(year) if form < 19 else None  # one claim in twenty says no when


def quantities(rng: random.Random, i: int) -> dict:
    """Amounts on about one claim in three: capacity, investment in two currencies, jobs."""
    found: dict = {}
    if i % 3 == 0:
        found["capacity"] = f"{rng.randint(1, 120)} GWh/yr" if i % 6 else f"{rng.randint(100, 9000)} MWh/yr"
    if i % 5 == 0:
        usd = rng.randint(2, 90) / 10
        found["investment"] = [f"about {usd:g} billion USD", f"about {usd * 1.3:.1f} trillion KRW"]
    elif i % 7 == 0:
        found["investment"] = f"{rng.randint(100, 900)} million EUR"
    if i % 11 == 0:
        found["jobs"] = rng.choice([rng.randint(100, 5000), f"at least {rng.randint(100, 5000)} jobs"])
    return found


def more_entities(root: Path, count: int, companies: list) -> None:
    """count more registry entities: people one file each, 1,000 to a folder; one in five a company,
    written 1,000 to a list file (a registry kind spread over many files, any depth)."""
    listed: list[dict] = []
    folder_of_lists = root / "claims" / "registry" / "companies"
    for i in range(count):
        if i % 5 == 0:
            listed.append(dict(id=f"xco-{i:06d}", name=f"{word(random.Random(i), 3).capitalize()} Holdings {i}",
                               aliases=[f"X{i:06d}"], country="Somewhere"))
            if len(listed) == 1000:
                folder_of_lists.mkdir(parents=True, exist_ok=True)
                (folder_of_lists / f"list-{i // 5000:03d}.yaml").write_text(dump_registry(listed, Company),
                                                                             encoding="utf-8")
                listed = []
            continue
        entry_id = f"xp-{i:06d}"
        entry = dict(id=entry_id, name=f"Person {i}", role="CEO", company=companies[i % len(companies)]["id"])
        folder = root / "claims" / "registry" / "people" / f"{i // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{entry_id}.yaml").write_text(dump_registry([entry], Person), encoding="utf-8")
    if listed:
        folder_of_lists.mkdir(parents=True, exist_ok=True)
        (folder_of_lists / f"list-{count // 5000:03d}.yaml").write_text(dump_registry(listed, Company),
                                                                         encoding="utf-8")


def hand_written(values: dict) -> str:
    """The same claim as a person might type it: comments, block lists, a folded quote."""
    quote = values["quote"].replace("\n", " ")
    when = values["when"] or ""
    # an old file says `year:` (read as `when:`); a newer one quotes its period
    when_line = (f"year: {when}  # as reported" if when.isdigit() else f"when: '{when}'  # as reported") if when else ""
    lines = ["# added by hand", f"id: {values['id']}", f"claim: \"{values['claim']}\"",
             f"speaker: {values['speaker']}", f"company: {values['company']}", f"product: '{values['product']}'",
             f"factory: {values['factory']}", when_line, f"said: {values['said']}",
             f"status: {values['status']}", f"source: {values['source']}", "quote: >-",
             f"  {quote[:40]}", f"  {quote[40:]}", "tags:"] + [f"  - '{t}'" for t in values["tags"]]
    lines = [line for line in lines if line]
    if values["quantities"]:
        lines.append("quantities:")
        for name, value in values["quantities"].items():
            lines.append(f"  {name}: {value if not isinstance(value, list) else '[' + ', '.join(value) + ']'}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--entities", type=int, default=0, help="registry entities in files of their own")
    parser.add_argument("--git", action="store_true", help="make it a git repository with one commit")
    args = parser.parse_args()
    if args.root.exists() and any(args.root.iterdir()):
        sys.exit(f"{args.root} is not empty")
    args.root.mkdir(parents=True, exist_ok=True)
    generate(args.root, args.claims, args.seed, args.entities)
    if args.git:
        env = {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
               "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com", "PATH": "/usr/bin:/bin"}
        for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "synthetic knowledge base"]):
            subprocess.run(["git", "-C", str(args.root), *command], check=True, env=env)
    print(f"{args.claims} claims in {args.root}")


if __name__ == "__main__":
    main()
