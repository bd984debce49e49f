"""Checks the plans-dev4 set: quotes verbatim, dates real (weekdays named in the text fall on the dates given),
periods and quantities in kb's syntax, ids unique, references resolvable, links well formed, counts.

Run: python3 check.py   (from anywhere; imports kb's period and quantity parsers from the repository holding this set)
"""
import datetime as dt
import glob
import os
import re
import sys

import yaml

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
from kb.model import period, quantity  # noqa: E402
from kb.model.milestones import MILESTONES  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
STATUSES = {"planned", "considering", "underway", "done", "cancelled", "statement", "opinion"}
OUTCOMES = {"kept", "kept-late", "cancelled", "pending", "overdue"}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ID = re.compile(r"^[a-z0-9][a-z0-9-]*[a-z0-9]$")

errors = []


def err(msg):
    errors.append(msg)


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


reg = {name: load(f"{HERE}/registry/{name}.yaml") for name in ("companies", "people", "factories", "sources", "products")}
ids = {name: {e["id"] for e in entries} for name, entries in reg.items()}
year_end = {c["id"]: c.get("fiscal_year_end") for c in reg["companies"]}
for name, entries in reg.items():
    for e in entries:
        if not ID.match(e["id"]):
            err(f"registry/{name}: bad id {e['id']}")
for p in reg["people"]:
    if p.get("company") and p["company"] not in ids["companies"]:
        err(f"person {p['id']}: unknown company {p['company']}")
for f in reg["factories"]:
    if f.get("owner") not in ids["companies"]:
        err(f"factory {f['id']}: unknown owner")

histories = sorted(d for d in os.listdir(HERE) if os.path.isfile(f"{HERE}/{d}/history.yaml"))
gold, source_ids = {}, set()
n_articles = 0
for h in histories:
    articles = sorted(glob.glob(f"{HERE}/{h}/[0-9][0-9]-*.txt"))
    n_articles += len(articles)
    if not 4 <= len(articles) <= 5:
        err(f"{h}: {len(articles)} articles")
    for txt_path in articles:
        name = os.path.basename(txt_path)[:-4]
        text = open(txt_path, encoding="utf-8").read()
        words = len(text.split())
        if not 200 <= words <= 500:
            err(f"{h}/{name}: {words} words")
        data = load(txt_path[:-4] + ".yaml")
        src = data["source"]
        if src["id"] in source_ids or not src["id"].startswith(h + "-"):
            err(f"{h}/{name}: source id {src['id']}")
        source_ids.add(src["id"])
        if src["id"] not in ids["sources"]:
            err(f"{src['id']} not in registry/sources.yaml")
        art_date = src["date"]
        if not isinstance(art_date, dt.date):
            err(f"{src['id']}: date {art_date!r}")
        if src["title"] != text.splitlines()[0]:
            err(f"{src['id']}: title differs from the headline")
        for c in data["expected"]:
            cid = c["id"]
            where = f"{h}/{name} {cid}"
            if cid in gold:
                err(f"{where}: duplicate id")
            gold[cid] = dict(c, _history=h, _source=src["id"], _date=art_date)
            for passage in [c["quote"], *c.get("also", [])]:
                if passage not in text:
                    err(f"{where}: not verbatim: {passage!r}")
            said = c["said"]
            if not isinstance(said, dt.date):
                err(f"{where}: said {said!r} is not a date")
            elif said > art_date or (art_date - said).days > 45:
                err(f"{where}: said {said} vs article {art_date}")
            if c["status"] not in STATUSES:
                err(f"{where}: status {c['status']}")
            if c.get("milestone") and c["milestone"] not in MILESTONES:
                err(f"{where}: milestone {c['milestone']}")
            if "when" in c:
                if not isinstance(c["when"], str):
                    err(f"{where}: when {c['when']!r} must be a string")
                else:
                    try:
                        period.parse(c["when"], year_end.get(c["company"]))
                    except ValueError as e:
                        err(f"{where}: when: {e}")
            for qname, qv in (c.get("quantities") or {}).items():
                try:
                    parsed = quantity.parse(qv)
                    problem = quantity.check_for_name(qname, parsed)
                    if problem:
                        err(f"{where}: {problem}")
                except ValueError as e:
                    err(f"{where}: quantity {qname}: {e}")
            for key, table in (("company", "companies"), ("factory", "factories"), ("product", "products")):
                v = c.get(key)
                if v and ID.match(v) and v not in ids[table] and v != v.capitalize():
                    err(f"{where}: {key} {v} looks like an id but is not in the registry")
            sp = c["speaker"]
            if ID.match(sp) and sp not in ids["people"] and sp not in ids["companies"]:
                err(f"{where}: speaker {sp} looks like an id but is not in the registry")
            # weekdays: "on Monday" in the quote's sentence must fall on said (or on when, for an event)
            for sentence in re.split(r"(?<=[.!?\"])\s+", text):
                if c["quote"] in sentence or sentence in c["quote"]:
                    for wd in WEEKDAYS:
                        if re.search(rf"\bon {wd}\b", sentence) or re.search(rf"\b{wd}, ", sentence):
                            dates = [said]
                            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(c.get("when", ""))):
                                dates.append(dt.date.fromisoformat(c["when"]))
                            if not any(d.strftime("%A") == wd for d in dates):
                                err(f"{where}: '{wd}' but said {said} ({said.strftime('%A')})")

# every weekday named anywhere in a text: report it with the nearest date in the week before the article
for txt_path in sorted(glob.glob(f"{HERE}/*/[0-9][0-9]-*.txt")):
    data = load(txt_path[:-4] + ".yaml")
    art = data["source"]["date"]
    for wd in set(re.findall(r"\b(" + "|".join(WEEKDAYS) + r")\b", open(txt_path, encoding="utf-8").read())):
        back = next(art - dt.timedelta(days=k) for k in range(7) if (art - dt.timedelta(days=k)).strftime("%A") == wd)
        print(f"  weekday {wd:9} in {os.path.relpath(txt_path, HERE)} -> {back}")

n_links = 0
for h in histories:
    hist = load(f"{HERE}/{h}/history.yaml")
    in_plans = set()
    for p in hist["plans"]:
        if p["outcome"] not in OUTCOMES:
            err(f"{h}: outcome {p['outcome']}")
        prev = None
        for cid in p["claims"]:
            if cid not in gold or gold[cid]["_history"] != h:
                err(f"{h}: plan claim {cid} unknown")
                continue
            in_plans.add(cid)
            if prev and gold[cid]["said"] < gold[prev]["said"]:
                err(f"{h}: {cid} said before {prev} in plan '{p['name']}'")
            prev = cid
    for link in hist["links"]:
        n_links += 1
        new, old = gold.get(link["newer"]), gold.get(link["older"])
        if not new or not old:
            err(f"{h}: link {link} unknown id")
            continue
        if new["said"] < old["said"]:
            err(f"{h}: link {link}: newer said before older")
        for key in ("factory", "milestone"):
            if new.get(key) != old.get(key):
                err(f"{h}: link {link}: {key} differs")
        if new.get("product") and old.get("product") and new["product"] != old["product"]:
            err(f"{h}: link {link}: product differs")
        if new["status"] == "opinion" or old["status"] == "opinion":
            err(f"{h}: link {link}: opinions are not linked")

print(f"histories: {len(histories)}  articles: {n_articles}  claims: {len(gold)}  links: {n_links}")
if len(histories) != 4 or len(gold) < 40 or n_links < 12:
    err("counts below the brief's minimum")
for e in errors:
    print("ERROR", e)
print("OK" if not errors else f"{len(errors)} error(s)")
sys.exit(1 if errors else 0)
