"""Checks this held-out set: quotes verbatim, dates real, periods and quantities valid, ids unique,
histories well formed, links inside one plan. Run: python3 check.py [path to kb's model/ folder]

The period and quantity grammars are kb's own (kb/model/period.py and quantity.py, loaded by path so that
nothing else of kb is imported); without them a stricter regex stands in for periods and quantities.
"""
from __future__ import annotations

import datetime
import importlib.util
import os
import re
import sys
import types

import yaml

sys.dont_write_bytecode = True  # never write into kb's folder

HERE = os.path.dirname(os.path.abspath(__file__))
MILESTONES = {"groundbreaking", "construction-start", "construction-complete", "equipment-installation", "sample-production",
              "trial-production", "mass-production", "full-production", "capacity-expansion", "hiring", "investment",
              "supply-start", "closure"}
STATUSES = {"planned", "considering", "underway", "done", "cancelled", "statement", "opinion"}
OUTCOMES = {"kept", "kept-late", "cancelled", "pending", "overdue"}
ID = re.compile(r"^[a-z0-9][a-z0-9-]*[a-z0-9]$")


def load_kb(model_dir):
    """kb's period and quantity modules, or (None, None)."""
    if not model_dir or not os.path.isfile(os.path.join(model_dir, "period.py")):
        return None, None
    package = types.ModuleType("kbmodel")
    package.__path__ = [model_dir]
    sys.modules["kbmodel"] = package
    loaded = []
    for name in ("schema", "period", "quantity"):
        spec = importlib.util.spec_from_file_location(f"kbmodel.{name}", os.path.join(model_dir, f"{name}.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[f"kbmodel.{name}"] = module
        spec.loader.exec_module(module)
        loaded.append(module)
    return loaded[1], loaded[2]


_ONE = r"(FY)?\d{4}(-(H[12]|Q[1-4]|early|mid|late|end|spring|summer|autumn|winter|\d{2}(-\d{2})?))?"
PERIOD_RE = re.compile(rf"^({_ONE}|{_ONE}\.\.({_ONE})?|\.\.{_ONE})$")
QTY_RE = re.compile(r"^((about|at least|more than|up to|less than) )?\d+(\.\d+)?( (thousand|million|billion|trillion))?( \S+)?$")


def real_date(text):
    text = str(text)
    for fmt, pattern in (("%Y-%m-%d", r"^\d{4}-\d{2}-\d{2}$"), ("%Y-%m", r"^\d{4}-\d{2}$"), ("%Y", r"^\d{4}$")):
        if re.match(pattern, text):
            datetime.datetime.strptime(text, fmt)
            return text
    raise ValueError(f"not a date: {text}")


def main():
    model_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "..", "kb", "model")
    period, quantity = load_kb(model_dir)
    errors, warnings = [], []
    reg = {name: yaml.safe_load(open(os.path.join(HERE, "registry", f"{name}.yaml"), encoding="utf-8")) or []
           for name in ("companies", "people", "factories", "sources", "products")}
    ids = {name: {r["id"] for r in rows} for name, rows in reg.items()}
    for name, rows in reg.items():
        for r in rows:
            if not ID.match(r["id"]):
                errors.append(f"registry {name}: bad id {r['id']}")
    all_claims, source_ids = {}, set()
    counts = dict(histories=0, articles=0, claims=0, links=0, plans=0, words=[])
    status_count, milestone_count, outcome_count = {}, {}, {}
    for hist in sorted(d for d in os.listdir(HERE) if os.path.isfile(os.path.join(HERE, d, "history.yaml"))):
        hdir = os.path.join(HERE, hist)
        arts = sorted(f[:-4] for f in os.listdir(hdir) if f.endswith(".txt"))
        counts["histories"] += 1
        if not 4 <= len(arts) <= 6:
            errors.append(f"{hist}: {len(arts)} articles")
        hist_claims = {}
        for art in arts:
            counts["articles"] += 1
            text = open(os.path.join(hdir, art + ".txt"), encoding="utf-8").read()
            words = len(text.split())
            counts["words"].append(words)
            if not 250 <= words <= 600:
                errors.append(f"{hist}/{art}: {words} words")
            doc = yaml.safe_load(open(os.path.join(hdir, art + ".yaml"), encoding="utf-8"))
            src = doc["source"]
            if src["id"] in source_ids:
                errors.append(f"duplicate source id {src['id']}")
            source_ids.add(src["id"])
            if src["id"] not in ids["sources"]:
                errors.append(f"{src['id']} not in registry/sources.yaml")
            pub = real_date(src["date"])
            if src["title"] not in text.splitlines()[0]:
                errors.append(f"{hist}/{art}: title is not the first line")
            for c in doc["expected"]:
                cid = c["id"]
                counts["claims"] += 1
                if cid in all_claims:
                    errors.append(f"duplicate claim id {cid}")
                if not ID.match(cid):
                    errors.append(f"bad claim id {cid}")
                all_claims[cid] = c
                hist_claims[cid] = c
                for passage in [c["quote"]] + list(c.get("also") or []):
                    if passage not in text:
                        errors.append(f"{cid}: not verbatim: {passage[:70]}")
                    elif text.count(passage) > 1:
                        warnings.append(f"{cid}: passage occurs {text.count(passage)} times")
                said = real_date(c["said"])
                if said > pub:
                    errors.append(f"{cid}: said {said} after publication {pub}")
                if c["status"] not in STATUSES:
                    errors.append(f"{cid}: status {c['status']}")
                status_count[c["status"]] = status_count.get(c["status"], 0) + 1
                if c.get("milestone"):
                    if c["milestone"] not in MILESTONES:
                        errors.append(f"{cid}: milestone {c['milestone']}")
                    milestone_count[c["milestone"]] = milestone_count.get(c["milestone"], 0) + 1
                if c.get("when"):
                    try:
                        if period:
                            period.parse(c["when"])
                        elif not PERIOD_RE.match(c["when"]):
                            raise ValueError("no match")
                    except Exception as exc:  # noqa: BLE001
                        errors.append(f"{cid}: when {c['when']}: {exc}")
                for qname, value in (c.get("quantities") or {}).items():
                    for v in value if isinstance(value, list) else [value]:
                        try:
                            if quantity:
                                parsed = quantity.parse(v)
                                problem = quantity.check_for_name(qname, parsed)
                                if problem:
                                    raise ValueError(problem)
                            elif not QTY_RE.match(v):
                                raise ValueError("no match")
                        except Exception as exc:  # noqa: BLE001
                            errors.append(f"{cid}: quantity {qname}={v}: {exc}")
                for key, kinds in (("speaker", ("people", "companies", "sources")), ("company", ("companies",)),
                                   ("factory", ("factories",)), ("product", ("products",))):
                    value = c.get(key)
                    if value is None:
                        continue
                    known = any(value in ids[k] for k in kinds) or value in source_ids or value.endswith(tuple(str(y) for y in range(2021, 2027)))
                    if not known and ID.match(value):
                        errors.append(f"{cid}: {key} {value} looks like an id but is not in the registry")
        hdoc = yaml.safe_load(open(os.path.join(hdir, "history.yaml"), encoding="utf-8"))
        plan_of = {}
        for plan in hdoc["plans"]:
            counts["plans"] += 1
            outcome_count[plan["outcome"]] = outcome_count.get(plan["outcome"], 0) + 1
            if plan["outcome"] not in OUTCOMES:
                errors.append(f"{hist}: outcome {plan['outcome']}")
            for cid in plan["claims"]:
                if cid not in hist_claims:
                    errors.append(f"{hist}: plan claim {cid} unknown")
                    continue
                if cid in plan_of:
                    errors.append(f"{hist}: {cid} in two plans")
                plan_of[cid] = plan["name"]
                if hist_claims[cid]["status"] in ("statement", "opinion"):
                    errors.append(f"{hist}: {cid} is a {hist_claims[cid]['status']} inside a plan")
            said = [str(hist_claims[c]["said"]) for c in plan["claims"] if c in hist_claims]
            if said != sorted(said):
                errors.append(f"{hist}: plan {plan['name']} not in the order said")
            keys = {(hist_claims[c].get("company"), hist_claims[c].get("factory"), hist_claims[c].get("milestone"))
                    for c in plan["claims"] if c in hist_claims}
            if len(keys) > 1:
                errors.append(f"{hist}: plan {plan['name']} mixes {keys}")
            products = {hist_claims[c].get("product") for c in plan["claims"] if c in hist_claims} - {None}
            if len(products) > 1:
                errors.append(f"{hist}: plan {plan['name']} mixes products {products}")
        for link in hdoc["links"]:
            counts["links"] += 1
            newer, older = link["newer"], link["older"]
            if newer not in hist_claims or older not in hist_claims:
                errors.append(f"{hist}: link {link} names an unknown claim")
                continue
            if plan_of.get(newer) != plan_of.get(older) or newer not in plan_of:
                errors.append(f"{hist}: link {link} crosses plans")
            if str(hist_claims[newer]["said"]) < str(hist_claims[older]["said"]):
                errors.append(f"{hist}: link {link} points forward in time")
    words = counts.pop("words")
    print(f"histories {counts['histories']}, articles {counts['articles']}, claims {counts['claims']}, "
          f"plans {counts['plans']}, links {counts['links']}; article words {min(words)}-{max(words)}")
    print("statuses:", dict(sorted(status_count.items())))
    print("milestones:", dict(sorted(milestone_count.items())))
    print("plan outcomes:", dict(sorted(outcome_count.items())))
    print("period/quantity grammar:", "kb's own" if period else "regex fallback")
    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("ERROR:", e)
    print("OK" if not errors else f"{len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
