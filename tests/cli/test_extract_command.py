"""``broadsheet extract``: one result per input, clear errors, other inputs still processed."""

from __future__ import annotations

import gzip
import json
import socket
from pathlib import Path

import pytest

from broadsheet.cli import main

SITE_DATA = Path(__file__).resolve().parent.parent / "data" / "site"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict], str]:
    status = main(["extract", "--json", "--until", "extract", *args])
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.out.splitlines() if line.strip()]
    return status, lines, captured.err


def test_good_inputs_give_articles(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    packed = tmp_path / "page.html.gz"
    packed.write_bytes(gzip.compress((SITE_DATA / "wire-original.html").read_bytes()))
    status, lines, _ = _run(capsys, str(SITE_DATA / "wire-original.html"), str(packed))
    assert status == 0
    assert [line["ok"] for line in lines] == [True, True]
    assert lines[0]["article"]["title"] == "Harbour bridge reopens after storm repairs"
    assert lines[1]["article"]["body"] == lines[0]["article"]["body"]
    body = lines[0]["article"]["body"]
    for paragraph in lines[0]["article"]["paragraphs"]:
        assert body[paragraph["start"] : paragraph["end"]] == paragraph["text"]


def test_bad_inputs_each_get_one_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 64)
    huge = tmp_path / "huge.html"
    huge.write_bytes(
        b"<html><body>"
        + b"<p>word word word word word</p>" * (50 * 1024 * 1024 // 31)
        + b"</body></html>"
    )
    no_article = tmp_path / "nav.html"
    no_article.write_text(
        "<html><body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav></body></html>"
    )
    not_xml = tmp_path / "feed.rss"
    not_xml.write_text("<rss version='2.0'><channel><title>Broken <item><title>x</rss")

    def no_dns(host: object, *args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    good = SITE_DATA / "wire-original.html"
    inputs = [empty, junk, huge, no_article, good, not_xml]
    status, lines, _ = _run(
        capsys,
        *map(str, inputs),
        "http://does-not-resolve.invalid/story",
        str(tmp_path / "missing.html"),
    )
    assert status == 1
    by_input = {line["input"]: line for line in lines}
    assert by_input[str(good)]["ok"] is True
    failures = {name: line["error"] for name, line in by_input.items() if not line["ok"]}
    assert set(failures) >= {
        str(empty),
        str(junk),
        str(huge),
        str(no_article),
        "http://does-not-resolve.invalid/story",
        str(tmp_path / "missing.html"),
    }
    assert "empty" in failures[str(empty)]
    assert "large" in failures[str(huge)] or "limit" in failures[str(huge)]
    assert "resolve" in failures["http://does-not-resolve.invalid/story"]
    assert "no such file" in failures[str(tmp_path / "missing.html")]
    # the broken feed is either refused as a whole or yields no article
    feed_lines = [line for line in lines if line["input"].startswith(str(not_xml))]
    assert feed_lines and not any(line["ok"] for line in feed_lines)


def test_unknown_subcommand_usage_exits_non_zero(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["extract"])
    assert exc.value.code == 2
