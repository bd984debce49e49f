#!/usr/bin/env python3
"""Checks the plans-dev3 evaluation set: quotes verbatim, dates real and consistent with the
weekdays the texts name, periods and quantities valid in kb's own syntax, ids unique, registry
references resolvable, plans and links consistent, counts and lengths as the brief asks.

Run: python3 check.py   (exit status 1 and a list of problems when anything is wrong)
"""
import datetime as dt
import re
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))  # the repository holding this set
from kb.model import period, quantity  # noqa: E402
from kb.model.milestones import MILESTONES  # noqa: E402
from kb.model.schema import STATUSES, SOURCE_KINDS  # noqa: E402

ROOT = Path(__file__).resolve().parent
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
problems = []


def bad(where, msg):
    problems.append(f"{where}: {msg}")


def load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


reg = {name: load(ROOT / "registry" / f"{name}.yaml") or []
       for name in ("companies", "people", "factories", "sources", "products")}
ids = {name: {e["id"]: e for e in entries} for name, entries in reg.items()}
for name, entries in reg.items():
    if len(ids[name]) != len(entries):
        bad(f"registry/{name}.yaml", "duplicate ids")
    for e in entries:
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*[a-z0-9]", e["id"]):
            bad(f"registry/{name}.yaml", f"bad id {e['id']}")
for f in reg["factories"]:
    if f.get("owner") not in ids["companies"]:
        bad("registry/factories.yaml", f"{f['id']}: unknown owner {f.get('owner')}")
for p in reg["people"]:
    if p.get("company") and p["company"] not in ids["companies"]:
        bad("registry/people.yaml", f"{p['id']}: unknown company {p['company']}")
everything = {**ids["companies"], **ids["people"], **ids["factories"], **ids["products"]}

claims = {}          # gold id -> (claim, source, text)
source_ids = set()
n_articles = {}
histories = sorted(p for p in ROOT.iterdir() if p.is_dir() and (p / "history.yaml").exists())
for hist in histories:
    articles = sorted(hist.glob("[0-9][0-9]-*.txt"))
    n_articles[hist.name] = len(articles)
    if not 4 <= len(articles) <= 5:
        bad(hist.name, f"{len(articles)} articles, want 4-5")
    for txt in articles:
        where = f"{hist.name}/{txt.name}"
        raw = txt.read_bytes()
        text = raw.decode("utf-8")  # raises on anything but UTF-8
        if "\r" in text:
            bad(where, "carriage returns")
        words = len(text.split())
        if not 200 <= words <= 500:
            bad(where, f"{words} words, want 200-500")
        meta_path = txt.with_suffix(".yaml")
        if not meta_path.exists():
            bad(where, "no .yaml")
            continue
        meta = load(meta_path)
        src = meta["source"]
        sid = src["id"]
        if not re.fullmatch(rf"{re.escape(hist.name)}-\d{{4}}-[a-z0-9-]+", sid):
            bad(where, f"source id {sid} is not <history-slug>-<yyyy>-<short>")
        if sid in source_ids:
            bad(where, f"duplicate source id {sid}")
        source_ids.add(sid)
        date = src["date"]
        if not isinstance(date, dt.date):
            bad(where, f"date {date!r} is not a date")
            continue
        if str(date.year) != sid.split("-")[-2] and not re.search(rf"-{date.year}-", sid):
            bad(where, f"source id {sid} does not carry the year {date.year}")
        if src.get("kind") not in SOURCE_KINDS:
            bad(where, f"kind {src.get('kind')}")
        regsrc = ids["sources"].get(sid)
        if not regsrc:
            bad(where, f"{sid} missing from registry/sources.yaml")
        else:
            for key in ("title", "kind", "publisher", "date"):
                if regsrc.get(key) != src.get(key):
                    bad(where, f"registry/sources.yaml differs on {key}")
            if (ROOT / regsrc.get("archive", "")).resolve() != txt.resolve():
                bad(where, "registry archive path does not point at this text")
        if src["title"] not in text:
            bad(where, "title is not in the text")
        # a weekday printed next to the publication date must be that date's weekday
        for m in re.finditer(r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),\s+(\d{1,2} \w+ \d{4}|\w+ \d{1,2}, \d{4})", text):
            for fmt in ("%d %B %Y", "%B %d, %Y"):
                try:
                    d = dt.datetime.strptime(m.group(2), fmt).date()
                except ValueError:
                    continue
                if d.strftime("%A") != m.group(1):
                    bad(where, f"'{m.group(0)}' is a {d.strftime('%A')}")
        named_days = set(re.findall(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", text))
        for c in meta["expected"]:
            cw = f"{where} {c.get('id')}"
            for key in ("id", "quote", "speaker", "company", "said", "status"):
                if key not in c:
                    bad(cw, f"missing {key}")
            if c["id"] in claims:
                bad(cw, "duplicate gold id")
            claims[c["id"]] = (c, src, text)
            for q in [c["quote"], *c.get("also", [])]:
                if q not in text:
                    bad(cw, f"not verbatim in the text: {q!r}")
            if c["status"] not in STATUSES:
                bad(cw, f"status {c['status']}")
            if c.get("milestone") and c["milestone"] not in MILESTONES:
                bad(cw, f"milestone {c['milestone']}")
            said = c["said"]
            if not isinstance(said, dt.date):
                bad(cw, f"said {said!r} is not a date")
                continue
            if said > date:
                bad(cw, "said after the publication date")
            # a said date other than the publication date must be a weekday the text names, within a week before
            for label, day in (("said", said), ("when", c.get("when"))):
                if label == "when":
                    if not (isinstance(day, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", day)):
                        continue
                    day = dt.date.fromisoformat(day)
                if day != date and (date - day).days <= 7:
                    if day.strftime("%A") not in named_days:
                        bad(cw, f"{label} {day} is a {day.strftime('%A')}, a day the text does not name")
            # references: a registry id, or a name the text gives
            for key in ("speaker", "company", "factory", "product"):
                v = c.get(key)
                if v is None:
                    continue
                table = {"speaker": everything, "company": ids["companies"], "factory": ids["factories"],
                         "product": ids["products"]}[key]
                if v in table:
                    continue
                if v in everything:
                    bad(cw, f"{key} {v} is a registry id of the wrong kind")
                elif v not in text:
                    bad(cw, f"{key} {v!r} is neither a registry id nor a name in the text")
            if c.get("factory") in ids["factories"] and c.get("company") in ids["companies"]:
                if ids["factories"][c["factory"]]["owner"] != c["company"]:
                    bad(cw, f"factory {c['factory']} is not {c['company']}'s")
            if "when" in c:
                w = c["when"]
                if not isinstance(w, str):
                    bad(cw, f"when {w!r} is not a string (quote it)")
                else:
                    fy_end = ids["companies"].get(c["company"], {}).get("fiscal_year_end")
                    try:
                        period.parse(w, fy_end)
                        if period.canonical(w) != w:
                            bad(cw, f"when {w} is not canonical ({period.canonical(w)})")
                    except ValueError as e:
                        bad(cw, f"when: {e}")
            for name, value in (c.get("quantities") or {}).items():
                try:
                    qv = quantity.parse(value)
                    problem = quantity.check_for_name(name, qv)
                    if problem:
                        bad(cw, problem)
                except ValueError as e:
                    bad(cw, f"quantity {name}: {e}")

# histories: plans and links
n_links = 0
for hist in histories:
    h = load(hist / "history.yaml")
    where = f"{hist.name}/history.yaml"
    local = {cid for cid, (c, src, _) in claims.items() if src["id"].startswith(hist.name + "-")}
    in_plans = {}
    for plan in h["plans"]:
        if plan["outcome"] not in ("kept", "kept-late", "cancelled", "pending", "overdue"):
            bad(where, f"outcome {plan['outcome']}")
        prev = None
        key = None
        for cid in plan["claims"]:
            if cid not in local:
                bad(where, f"{cid} is not a claim of this history")
                continue
            if cid in in_plans:
                bad(where, f"{cid} is in two plans")
            in_plans[cid] = plan["name"]
            c, src, _ = claims[cid]
            k = (c["company"], c.get("factory"), c.get("product"), c.get("milestone"))
            if key is not None and k != key:
                bad(where, f"{cid}: plan '{plan['name']}' mixes {k} with {key}")
            key = k
            if c["status"] == "opinion":
                bad(where, f"{cid} is an opinion inside a plan")
            if prev is not None:
                pc, psrc, _ = claims[prev]
                if (c["said"], src["date"]) < (pc["said"], psrc["date"]):
                    bad(where, f"{cid} is said before {prev} but follows it")
            prev = cid
    expected_links = set()
    for plan in h["plans"]:
        expected_links |= {(b, a) for a, b in zip(plan["claims"], plan["claims"][1:])}
    given = {(l["newer"], l["older"]) for l in h["links"]}
    if given != expected_links:
        bad(where, f"links differ from the plans' chains: extra {given - expected_links}, missing {expected_links - given}")
    n_links += len(given)
    for newer, older in given:
        if newer not in local or older not in local:
            bad(where, f"link {newer} -> {older} names an unknown claim")
    # claims of the same key outside any plan would be a missed link
    # a promise is company + site + product + milestone: a claim with a milestone (other than an
    # opinion or statement) belongs to exactly one plan; a claim with no milestone to none
    for cid in local:
        c = claims[cid][0]
        if c.get("milestone") and c["status"] not in ("opinion", "statement") and cid not in in_plans:
            bad(where, f"{cid} ({c['status']}, {c['milestone']}) is in no plan")
        if not c.get("milestone") and cid in in_plans:
            bad(where, f"{cid} has no milestone but is in plan '{in_plans[cid]}'")
    keys = {}
    for cid in in_plans:
        c = claims[cid][0]
        keys.setdefault((c["company"], c.get("factory"), c.get("product"), c.get("milestone")), set()).add(in_plans[cid])
    for k, names in keys.items():
        if len(names) > 1:
            bad(where, f"one promise {k} split over plans {sorted(names)}")

if len(histories) != 4:
    bad("set", f"{len(histories)} histories, want 4")
if len(claims) < 40:
    bad("set", f"{len(claims)} claims, want at least 40")
if n_links < 12:
    bad("set", f"{n_links} links, want at least 12")

print(f"histories: {len(histories)}  articles: {sum(n_articles.values())} {n_articles}  "
      f"claims: {len(claims)}  links: {n_links}")
status_counts = {}
for c, _, _ in claims.values():
    status_counts[c["status"]] = status_counts.get(c["status"], 0) + 1
print("claims by status:", dict(sorted(status_counts.items())))
if problems:
    print(f"{len(problems)} problem(s):")
    for p in problems:
        print("  " + p)
    sys.exit(1)
print("all checks passed")
