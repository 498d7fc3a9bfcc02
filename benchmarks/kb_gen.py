"""Synthetic knowledge bases of thousands of entries, for the scale benchmark (`benchmarks.scale`).

    python -m benchmarks.kb_gen 2500 /tmp/kb-2500     # a directory of YAML files with 2,500 entries

The bundled knowledge base is kept whole; then, domain by domain ("Payments", then "Payments Checkout", ...),
every bundled role and task is written again as "<Domain> <its name>": its id, aliases and keywords prefixed
with the domain, its text kept, its owners and colleagues the same domain's roles. Entries are added until
the knowledge base has the entries asked for. Deterministic: the domains come in a fixed order, and
the seeded choices (which aliases and keywords each copy keeps) are the same on every run.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Final

import yaml

from knowledge.base.loader import bundled_path

SEED: Final = 14
_DUMPER: Final = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
AREAS: Final = (
    "Payments", "Search", "Ads", "Fraud", "Logistics", "Pricing", "Growth", "Retail", "Maps", "Voice",
    "Vision", "Support", "Billing", "Security", "Health", "Travel", "Music", "Video", "News", "Gaming",
    "Insurance", "Lending", "Energy", "Weather", "Farming", "Robotics", "Hiring", "Legal", "Tax", "Trading",
    "Shipping", "Catalog", "Inventory", "Loyalty", "Identity", "Messaging", "Translation", "Recruiting",
    "Telemetry", "Forecasting",
)  # fmt: skip
PRODUCTS: Final = (
    "Lisbon", "Oslo", "Nairobi", "Lima", "Osaka", "Quito", "Dakar", "Hanoi", "Tbilisi", "Reno",
    "Perth", "Bergen", "Cusco", "Lagos", "Sapporo", "Tallinn", "Accra", "Hobart", "Medan", "Zagreb",
    "Bilbao", "Cebu", "Leeds", "Porto", "Kobe", "Riga", "Turin", "Varna", "Yazd", "Ghent",
)  # fmt: skip
"""Domains are the areas, then every area with every product (cities: no entry's name starts with one, so
"<area> <product> <name>" never reads as another domain's "<area> <name>"): 1,240 domains."""
SECTION_FILES: Final = ("roles", "tasks")
"""The sections that grow; the other bundled files are copied as they are."""


def domains() -> Iterator[str]:
    yield from AREAS
    for area in AREAS:
        for product in PRODUCTS:
            yield f"{area} {product}"


def _slug(text: str) -> str:
    return text.lower().replace(" ", "-")


def bundled_files() -> dict[str, dict[str, Any]]:
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(bundled_path().glob("*.yaml"))
    }


def entry_count(files: dict[str, dict[str, Any]]) -> int:
    return sum(len(files[name][section]) for name, section in (("roles", "roles"), ("tasks", "tasks"))) + len(
        files["approaches"]["approaches"]
    )


def _copy(entry: dict[str, Any], domain: str, ids: dict[str, str], rng: random.Random) -> dict[str, Any]:
    """One bundled role or task as the domain's own: "<Domain> <name>", references mapped through `ids`."""
    slug = _slug(domain)
    out: dict[str, Any] = {"id": f"{slug}-{entry['id']}", "name": f"{domain} {entry['name']}"}
    for field, value in entry.items():
        if field in ("id", "name"):
            continue
        if field == "aliases":
            kept = rng.sample(value, k=min(len(value), 2))
            out[field] = [f"{domain} {alias}" for alias in kept]
        elif field == "keywords":
            kept = rng.sample(value, k=min(len(value), 4))
            out[field] = [f"{domain} {keyword}" for keyword in kept]
        elif field in ("owners", "works_with"):
            out[field] = [ids[role] for role in value if role in ids]
        elif field == "by_company_size":
            out[field] = [_sized(item, ids) for item in value]
        else:
            out[field] = value
    if "owners" in out and not out["owners"]:
        out["owners"] = [next(iter(ids.values()))]
    return out


def _sized(item: dict[str, Any], ids: dict[str, str]) -> dict[str, Any]:
    if "owners" not in item:
        return item
    return {**item, "owners": [ids[role] for role in item["owners"] if role in ids]}


def generate(entries: int) -> dict[str, dict[str, Any]]:
    """The files of a knowledge base of `entries` entries, the bundled ones first (file stem -> content)."""
    files = bundled_files()
    target = entries
    if target < entry_count(files):
        raise ValueError(f"at least the bundled {entry_count(files)} entries")
    roles: list[dict[str, Any]] = list(files["roles"]["roles"])
    tasks: list[dict[str, Any]] = list(files["tasks"]["tasks"])
    count = entry_count(files)
    rng = random.Random(SEED)
    base_roles, base_tasks = list(roles), list(tasks)
    for domain in domains():
        if count >= target:
            break
        ids: dict[str, str] = {}
        for role in base_roles:
            if count >= target:
                break
            ids[role["id"]] = f"{_slug(domain)}-{role['id']}"
            count += 1
        # Copied once every id of the domain is known, so colleagues all exist.
        roles.extend(_copy(role, domain, ids, rng) for role in base_roles if role["id"] in ids)
        for task in base_tasks:
            if count >= target:
                break
            tasks.append(_copy(task, domain, ids, rng))
            count += 1
    else:
        if count < target:
            raise ValueError(f"at most {count:,} entries can be generated")
    return {**files, "roles": {"roles": roles}, "tasks": {"tasks": tasks}}


def write(entries: int, directory: Path) -> Path:
    """Write the knowledge base of `generate(entries)` into `directory` (created), one file per section."""
    directory.mkdir(parents=True, exist_ok=True)
    generated = generate(entries)
    for source in sorted(bundled_path().glob("*.yaml")):
        target = directory / source.name
        if source.stem in SECTION_FILES:
            content = yaml.dump(
                generated[source.stem], Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=110
            )
            target.write_text(content, encoding="utf-8")
        else:  # byte for byte: a round trip through YAML 1.1 would turn "yes" into "true"
            target.write_bytes(source.read_bytes())
    return directory


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.kb_gen", description=__doc__.splitlines()[0])
    parser.add_argument("entries", type=int, help="how many entries (at least the bundled ones)")
    parser.add_argument("directory", type=Path, help="where to write the YAML files")
    args = parser.parse_args(argv)
    write(args.entries, args.directory)
    print(args.directory)
    return 0


if __name__ == "__main__":
    sys.exit(main())
