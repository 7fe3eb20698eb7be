"""A whole publication with an HTML payload in every string field of every
YAML file: journal.yml, units.yml, issue and report front matter, the ledger.

Each field gets ``payload + "·" + field`` so a test can tell which field
reached a page. Strings are written JSON-quoted, which YAML reads verbatim.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import write

# What an attacker (or a careless copy-paste) would put into a YAML string:
# tags and attributes, a way out of <title> and of quoted attributes, entities
# that become markup if anything unescapes them, template syntax, and a
# request to another host.
FRAGMENTS = (
    "<img src=x onerror=alert(1)>",
    '"><svg onload=window.__kw=1>',
    "'><script>window.__kw=2</script>",
    "</title><script>alert(3)</script>",
    "&lt;img src=x onerror=alert(4)&gt;",
    "<a href=javascript:alert(5)>链接</a>",
    "<img src=//192.0.2.1/beacon.png>",
    "{{ 7*7 }}{% raw %}",
    "]]><x>",
    "<style>*{display:none}</style>",
)
SCRIPT_MARKERS = ("window.__kw", "alert(")


def q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def write_hostile_publication(root: Path, payload: str) -> dict[str, str]:
    """Write the publication; return field → the exact text written there."""
    values: dict[str, str] = {}

    def v(field: str) -> str:
        values[field] = f"{payload}·{field}"
        return q(values[field])

    write(
        root,
        "journal.yml",
        f"""title: {v("journal.title")}
publisher: {v("journal.publisher")}
default_classification: 公开
series:
  - id: kuaibao
    name: {v("series.name")}
    description: {v("series.description")}
  - id: yaoqing
    name: {v("series2.name")}
    single_topic: true
  - id: pishi
    name: {v("series3.name")}
    type: instructions
categories: [{v("journal.category")}]
kinds: [{v("journal.kind")}]
distribution:
  {v("distribution.key")}: {v("distribution.value")}
scoring:
  published: 1
  adopted: {{{v("scoring.adopted")}: 5}}
quotas:
  research: {{{v("quotas.group")}: 2}}
""",
    )
    write(
        root,
        "units.yml",
        f"""- id: jiaxian
  name: {v("unit.name")}
  short: {v("unit.short")}
  group: {v("quotas.group")}
- id: yiqu
  name: {v("unit2.name")}
""",
    )
    category, kind = q(values["journal.category"]), q(values["journal.kind"])
    write(
        root,
        "kuaibao/2026/001/index.md",
        f"""---
date: 2026-03-02
issuer: {v("issue.issuer")}
editor: {v("issue.editor")}
topic: {v("issue.topic")}
urgency: 特急
distribution: {{{v("issue.distribution.key")}: {v("issue.distribution.value")}}}
---
编者按：纯属虚构。
""",
    )
    write(
        root,
        "kuaibao/2026/001/01.md",
        f"""---
title: {v("report.title")}
unit: [jiaxian, yiqu]
category: {category}
kind: {kind}
tags: [{v("report.tag")}]
date: 2026-03-01
---
甲县开展示例工作，纯属虚构。
""",
    )
    write(
        root,
        "kuaibao/2026/002/index.md",
        "---\ndate: 2026-03-09\nclassification: 内部\nurgency: 紧急\n"
        f"topic: {v('internal.topic')}\n---\n",
    )
    write(
        root,
        "kuaibao/2026/002/01.md",
        f"---\ntitle: {v('public-in-internal.title')}\nunit: jiaxian\n"
        f"classification: 公开\nfollows: kuaibao/2026/001/01\n---\n续报，纯属虚构。\n",
    )
    write(
        root,
        "yaoqing/2026/001/index.md",
        f"---\ndate: 2026-03-03\ntopic: {v('yaoqing.topic')}\nurgency: 紧急\n---\n",
    )
    write(
        root,
        "yaoqing/2026/001/01.md",
        f"---\ntitle: {v('yaoqing.title')}\nunit: yiqu\ncategory: {category}\n---\n纯属虚构。\n",
    )
    write(root, "pishi/2026/001/index.md", "---\ndate: 2026-03-04\n---\n")
    write(
        root,
        "pishi/2026/001/01.md",
        f"""---
title: {v("instruction.title")}
on: [kuaibao/2026/001/01]
leader: {v("instruction.leader")}
assigned: [jiaxian]
due: 2026-03-20
---
请认真研究。
""",
    )
    adopted_by = q(values["scoring.adopted"])
    write(
        root,
        "ledger/2026.yml",
        f"""- event: adopted
  date: 2026-03-10
  report: kuaibao/2026/001/01
  by: {adopted_by}
  where: {v("ledger.where")}
- event: best
  date: 2026-03-31
  month: 2026-03
  reports: [kuaibao/2026/001/01]
- event: progress
  date: 2026-03-10
  report: pishi/2026/001/01
  unit: jiaxian
  status: 办理中
  note: {v("ledger.note")}
""",
    )
    return values
