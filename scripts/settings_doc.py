"""Write docs/settings.md from the settings registry: `python scripts/settings_doc.py`."""

from __future__ import annotations

from pathlib import Path

from broadsheet import config

HEADER = """# Settings

Every setting is an environment variable, registered once in `src/broadsheet/config.py`
with its default and help text; this page is generated from that registry by
`python scripts/settings_doc.py` (a test fails when a setting is missing here).
Secrets are read only from the environment and never shown.

| setting | default | what it does |
|---|---|---|
"""


def main() -> None:
    rows = []
    for setting in config.SETTINGS.values():
        default = "(secret)" if setting.secret and setting.default else setting.default
        default = f"`{default}`" if default else "(empty)"
        rows.append(f"| `{setting.name}` | {default} | {setting.help} |")
    out = Path(__file__).resolve().parent.parent / "docs" / "settings.md"
    out.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"wrote {out} ({len(rows)} settings)")


if __name__ == "__main__":
    main()
