#!/usr/bin/env python3
"""Copies the example exports of docs/examples/ into docs/AGENTS.md, between the
<!-- example-exports:start --> and <!-- example-exports:end --> markers, each in a
collapsed block with its headings moved down two levels. Run it after regenerating the
examples with the README's commands (`ceo client export <run-id> > docs/examples/...`)."""
import pathlib, re

root = pathlib.Path(__file__).resolve().parent.parent
agents = root / "docs" / "AGENTS.md"
examples = [
    ("A small company in full: a landscaper in Indianapolis on $1,500", "export-small-company.md"),
    ("A large company in full: a Delaware SaaS on $95,000 raising a seed round", "export-large-company.md"),
]
blocks = []
for title, name in examples:
    text = (root / "docs" / "examples" / name).read_text(encoding="utf-8").rstrip("\n")
    text = re.sub(r"^(#{1,4}) ", lambda m: "#" * (len(m.group(1)) + 2) + " ", text, flags=re.MULTILINE)
    blocks.append(f"<details>\n<summary>{title} (<a href=\"examples/{name}\">{name}</a>)</summary>\n\n{text}\n\n</details>")
document = agents.read_text(encoding="utf-8")
start, end = "<!-- example-exports:start -->", "<!-- example-exports:end -->"
before, rest = document.split(start, 1)
_, after = rest.split(end, 1)
agents.write_text(before + start + "\n\n" + "\n\n".join(blocks) + "\n\n" + end + after, encoding="utf-8")
print(f"embedded {len(blocks)} exports in {agents.relative_to(root)}")
