"""Tests for ``broadsheet stories``: JSON lines per document, errors named, exit status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from broadsheet.cli import main


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict], str]:
    status = main(["stories", *argv])
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.out.splitlines() if line.strip()]
    return status, lines, captured.err


def test_stories_json_matches_expected(tests_data: Path, capsys) -> None:
    expected = json.loads((tests_data / "connect" / "stories.expected.json").read_text())
    status, lines, _ = _run(capsys, str(tests_data / "connect" / "stories.jsonl"), "--json")
    results = {r["id"]: r for r in lines if "story" in r}
    errors = [r for r in lines if "error" in r]
    assert {k: r["story"] for k, r in results.items()} == expected["stories"]
    assert {k: r["duplicate_of"] for k, r in results.items()} == expected["duplicate_of"]
    assert len(errors) == 1 and "line 11" in errors[0]["error"]
    assert status == 1  # one bad record, the others still processed


def test_output_follows_published_order_with_undated_after_their_neighbour(
    tests_data: Path, capsys
) -> None:
    _, lines, _ = _run(capsys, str(tests_data / "connect" / "stories.jsonl"), "--json")
    order = [r["id"] for r in lines if "story" in r]
    assert order.index("quake-wire") < order.index("quake-copy-headline")
    assert order.index("budget-1") < order.index("undated-budget") < order.index("budget-2")


def test_clean_input_exits_zero_and_plain_text_mode(tmp_path: Path, capsys) -> None:
    one = tmp_path / "one.txt"
    one.write_text("Quake hits Valdoria\n\nRescue teams searched the rubble in Valdoria.\n")
    two = tmp_path / "two.txt"
    two.write_text("Budget passes\n\nParliament passed the budget by 181 votes to 164.\n")
    status = main(["stories", str(one), str(two), "--input-format", "article-text"])
    out = capsys.readouterr().out
    assert status == 0
    assert "2 documents, 2 stories, 0 copies, 0 errors" in out


def test_missing_input_is_an_error_line(tmp_path: Path, capsys) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Quake hits Valdoria\n\nRescue teams searched the rubble in Valdoria.\n")
    status, lines, _ = _run(capsys, str(tmp_path / "missing.txt"), str(good), "--json",
                            "--input-format", "article-text")
    assert status == 1
    assert any("missing.txt" in r["id"] and "error" in r for r in lines)
    assert any(r.get("id") == str(good) and r.get("story") == str(good) for r in lines)


@pytest.mark.slow
def test_entities_flag_groups_the_fixture_the_same_way(tests_data: Path, capsys) -> None:
    expected = json.loads((tests_data / "connect" / "stories.expected.json").read_text())
    _, lines, _ = _run(capsys, str(tests_data / "connect" / "stories.jsonl"), "--json",
                       "--entities")
    results = {r["id"]: r["story"] for r in lines if "story" in r}
    assert results == expected["stories"]
