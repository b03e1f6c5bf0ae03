#!/usr/bin/env python3
"""Prints the per-country coverage table of docs/AGENTS.md from the jurisdiction packs
(Sources/CEODomain/Data/jurisdiction-<CC>.json), so the document says what the data holds.
Usage: python3 scripts/generate-country-table.py"""
import json
import os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SYMBOL = {"USD": "$", "GBP": "£", "EUR": "€", "CAD": "CA$", "AUD": "A$"}
ROLES = ["graphic_designer", "web_developer", "lawyer", "marketing_specialist", "writer"]


def unique(items):
    return list(dict.fromkeys(items))


def money(minor, currency):
    if minor is None:
        return "—"
    value = minor / 100
    text = f"{value:,.0f}" if minor % 100 == 0 else f"{value:,.2f}"
    return f"{SYMBOL.get(currency, currency + ' ')}{text}"


def main():
    print("| country | entities and registry fee | obligations budgeted when due inside the timeline | tax registration | trademark office | privacy and marketing law | labour rates (median pay × 2) | not covered |")
    print("|---|---|---|---|---|---|---|---|")
    for code in ["US", "GB", "CA", "DE", "FR", "IE", "AU"]:
        with open(os.path.join(ROOT, "Sources/CEODomain/Data", f"jurisdiction-{code}.json"), encoding="utf-8") as handle:
            pack = json.load(handle)
        currency = pack["currency"]
        entities = []
        for entity in pack["entities"]:
            tags = [tag for tag, on in (("investors", entity.get("venture_track")), ("small business", entity.get("small_business_default"))) if on]
            fee = "by state or province" if entity.get("filing_fee_per_subdivision") else money(entity.get("filing_fee_minor"), currency)
            entities.append(f"{entity['name'].split(' (')[0] if len(entity['name']) > 40 else entity['name']}{' (' + ', '.join(tags) + ')' if tags else ''}: {fee}")
        obligations = unique(o["name"].split(" (")[0] for o in pack.get("obligations", []) if o.get("first_due_months_after_formation") is not None)
        taxes = unique(t["name"].split(" (")[0].split(" –")[0].split(" —")[0] for t in pack.get("tax_registration", []))
        trademark = pack.get("trademark") or {}
        office = trademark.get("office", "—")
        first = money(trademark.get("first_class_fee_minor"), currency)
        extra = money(trademark.get("additional_class_fee_minor"), currency)
        included = trademark.get("classes_included")
        tm = f"{office}: {first}{' for up to ' + str(included) + ' classes' if included and included > 1 else ''}, {extra} a further class"
        privacy = unique(p["name"].split(" (")[0] for p in pack.get("privacy_marketing", []))
        rates = {r["role"]: r for r in pack.get("labour_rates", [])}
        have = [role for role in ROLES if role in rates]
        years = sorted({rates[role]["as_of"][:4] for role in have})
        labour = f"{len(have)} of 5 roles ({'–'.join([years[0], years[-1]]) if len(years) > 1 else years[0]})" if have else "none (US figures stand in)"
        missing = pack.get("not_covered", [])
        not_covered = f"{len(missing)} items, e.g. {missing[0].split(' (')[0]}" if missing else "—"
        print(f"| {pack['name']} ({code}, {currency}) | {'; '.join(entities)} | {'; '.join(obligations) or '—'} | {'; '.join(taxes)} | {tm} | {'; '.join(privacy)} | {labour} | {not_covered} |")


if __name__ == "__main__":
    main()
