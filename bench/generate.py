"""Generate a synthetic knowledge base, deterministically, for benchmarks.

    python bench/generate.py DIR --claims 100000 [--seed 1] [--git]
    python bench/generate.py DIR --claims 1000 --entities 100000       # a registry of 100,000 entities

Claims plus a registry with aliases, nested folders, unicode, and multi-line quotes;
about one file in twenty is written by hand-style YAML (block lists, folded quotes,
comments) rather than the canonical layout, as a real repository would hold.

Tags with known shares select a known part of the claims (SHARES), for the benchmark's
answer-size sweep: `kb list --tag share-15` gives 15 % of them.
--entities N adds N companies and people, one file each under claims/registry/companies/
and people/ in folders of 1,000 (the registry split of issue 10: read by kb once it lands).
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kb.schema import STATUSES, Claim, Company, Factory, Person, Source  # noqa: E402
from kb.yamlwrite import dump_claim, dump_registry  # noqa: E402

SYLLABLES = ["ka", "lo", "mi", "ne", "ro", "su", "ta", "vi", "zen", "dor", "bel", "gar", "lux", "tron", "vol"]
UNICODE = ["é", "ü", "ø", "한", "中", "ł", "ñ", "ß"]
PRODUCTS = ["4680", "2170", "lfp", "ncm-811", "sodium-ion", "solid-state", "46-series", "blade"]
CITIES = ["Ochang", "Nanjing", "Austin", "Berlin", "Debrecen", "Wrocław", "Lansing", "Kentucky", "Ulsan", "Chengdu"]
# tag -> which claims carry it (by number): 0.01 %, 1 %, 15 % and 50 % of the claims
SHARES = {"share-001": lambda i: i % 10000 == 5, "share-1": lambda i: i % 100 == 3,
          "share-15": lambda i: i % 20 < 3, "share-50": lambda i: i % 2 == 1}
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
    if entities:
        more_entities(root, entities, companies)
    for i in range(claims):
        company = rng.choice(companies)
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
                      product=product, factory=factory["id"], year=rng.randint(2019, 2030),
                      said=f"20{rng.randint(18, 26)}-{rng.randint(1, 12):02d}", status=rng.choice(list(STATUSES)),
                      source=source["id"], quote=quote,
                      tags=[product, rng.choice(["expansion", "delay", "cells"])]
                      + [tag for tag, share in SHARES.items() if share(i)])
        folder = root / "claims" / source["id"][:4] / source["id"]
        folder.mkdir(parents=True, exist_ok=True)
        text_out = dump_claim(values, Claim) if i % 20 else hand_written(values)
        (folder / f"{values['id']}.yaml").write_text(text_out, encoding="utf-8")
    return {"company": companies[0], "claims": claims}


def more_entities(root: Path, count: int, companies: list) -> None:
    """count companies and people, one file each, 1,000 to a folder (kinds split over files)."""
    for i in range(count):
        kind, prefix = ("companies", "xco") if i % 2 else ("people", "xp")
        entry_id = f"{prefix}-{i:06d}"
        if kind == "companies":
            entry = dict(id=entry_id, name=f"{word(random.Random(i), 3).capitalize()} Holdings {i}",
                         aliases=[f"X{i:06d}"], country="Somewhere")
            record_type = Company
        else:
            entry = dict(id=entry_id, name=f"Person {i}", role="CEO", company=companies[i % len(companies)]["id"])
            record_type = Person
        folder = root / "claims" / "registry" / kind / f"{i // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        text = dump_registry([entry], record_type)
        (folder / f"{entry_id}.yaml").write_text(text, encoding="utf-8")


def hand_written(values: dict) -> str:
    """The same claim as a person might type it: comments, block lists, a folded quote."""
    quote = values["quote"].replace("\n", " ")
    lines = ["# added by hand", f"id: {values['id']}", f"claim: \"{values['claim']}\"",
             f"speaker: {values['speaker']}", f"company: {values['company']}", f"product: '{values['product']}'",
             f"factory: {values['factory']}", f"year: {values['year']}  # as reported", f"said: {values['said']}",
             f"status: {values['status']}", f"source: {values['source']}", "quote: >-",
             f"  {quote[:40]}", f"  {quote[40:]}", "tags:"] + [f"  - '{t}'" for t in values["tags"]]
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
