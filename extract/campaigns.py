"""Campaign mentions: named movements, drives, models, programmes and funds.

Three ways a campaign is named:
- a head word then a quoted name: phong trào thi đua “Dân vận khéo”, and the
  quoted names chained after it (“A”, “B” và “C”);
- a fund named without quotes: Quỹ vắc xin phòng chống Covid-19, quỹ Chữ thập đỏ;
- an alias from ``campaign_aliases.tsv``: nông thôn mới, NTM, dân vận khéo.

Broken quotes of scraped text never swallow a paragraph: a quoted name ends
at the closing quote, a line end, or after ``MAX_NAME_CHARS`` characters.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from . import resources

MAX_NAME_CHARS = 160
GAP_WORDS = 4  # words allowed between a head and its quote ("phong trào thi đua thực hiện “...”")


@dataclass(frozen=True, slots=True)
class CampaignMatch:
    start: int  # the name, without quotes
    end: int
    canonical: str
    head: str | None
    scope: str  # "sentence" (movements, programmes), "clause" (funds, models) or "none" (a name in passing)


_OPEN = "“\"«"
_CLOSE = "”\"»"
_QUOTED = regex.compile(rf"[{_OPEN}]\s*(?P<name>[^{_OPEN}{_CLOSE}\n]{{1,{MAX_NAME_CHARS}}}?)\s*[{_CLOSE}]")
_CHAIN = regex.compile(r"\s*(?:,|và|;)?\s*(?:…|\.\.\.)?\s*$")
_FUND = regex.compile(
    r"(?<![\p{L}])(?P<head>[Qq]uỹ)\s+(?P<name>(?:\p{Lu}|vì\s|vắc)[\p{L}\d-]*(?:\s+(?!với|số|được|của|cho|và|là|đã|tại|ở|trên|hơn)[\p{L}\d-]+){0,6})"
)


@cache
def _tables() -> tuple[regex.Pattern[str], dict[str, str], regex.Pattern[str], dict[str, str]]:
    heads = {row["head"].lower(): row["scope"] for row in resources.tsv("campaign_heads.tsv")}
    head_alt = "|".join(regex.escape(h).replace(r"\ ", r"\s+") for h in sorted(heads, key=len, reverse=True))
    head_re = regex.compile(rf"(?<![\p{{L}}])(?P<head>{head_alt})(?P<gap>(?:\s+[\p{{L}}]+){{0,{GAP_WORDS}}}?)\s*:?\s*$", regex.IGNORECASE)
    aliases = {row["alias"].lower(): row["canonical"] for row in resources.tsv("campaign_aliases.tsv")}
    alias_alt = "|".join(regex.escape(a).replace(r"\ ", r"\s+") for a in sorted(aliases, key=len, reverse=True))
    alias_re = regex.compile(rf"(?<![\p{{L}}])(?:{alias_alt})(?![\p{{L}}])", regex.IGNORECASE)
    return head_re, heads, alias_re, aliases


@cache
def _stops() -> frozenset[str]:
    return frozenset(w.lower() for w in resources.lines("item_stops.txt")) | {"ở", "tại", "trên", "năm", "giai"}


def canonical_name(name: str) -> str:
    """SPEC §4.6: as written, no quotes, spacing repaired, first letter capitalised."""
    name = name.strip(" \t" + _OPEN + _CLOSE)
    name = regex.sub(r"\s+", " ", name)
    name = regex.sub(r"\s+([,;:.!?”)])", r"\1", name)
    name = regex.sub(r"([“(])\s+", r"\1", name)
    if name:
        name = name[0].upper() + name[1:]
    return name


def _fold(s: str) -> str:
    return regex.sub(r"\s+", " ", s.lower())


_UNQUOTED_HEAD = regex.compile(
    r"(?P<head>[Pp]hong trào(?: thi đua)?|[Cc]uộc vận động|[Cc]hương trình)(?P<name>(?:\s+[\p{Ll}\p{Lu}][\p{L}]*){2,12})"
)


def _unquoted(text: str, m: regex.Match[str], stops: frozenset[str]) -> tuple[int, str] | None:
    """The name of an unquoted campaign: head + words up to a stop word or punctuation."""
    words = []
    end = m.start("name")
    for w in regex.finditer(r"\s+(\p{L}+)", m.group("name")):
        if w.group(1).lower() in stops and words:
            break
        words.append(w.group(1))
        end = m.start("name") + w.end(1)
    if len(words) < 2:
        return None
    return end, canonical_name(text[m.start():end])


def find_campaigns(text: str, *, title: bool = False) -> list[CampaignMatch]:
    """Campaign mentions in ``text`` (one sentence; ``title`` if it is the headline).

    Unquoted names ("Phong trào xây dựng tuyến phố văn minh được ...") are
    taken where the sentence opens with them, or anywhere in a headline.
    """
    head_re, heads, alias_re, aliases = _tables()
    found: list[CampaignMatch] = []
    chain_head: tuple[str, str] | None = None
    chain_end = -1
    for m in _QUOTED.finditer(text):
        before = text[max(0, m.start() - 80):m.start()]
        hm = head_re.search(before)
        if hm is not None:
            head = regex.sub(r"\s+", " ", hm.group("head"))
            chain_head = (head, heads[_fold(head)])
        elif chain_head is not None and _CHAIN.fullmatch(text, chain_end, m.start()):
            pass  # “A”, “B” và “C” after one head
        else:
            chain_head = None
            continue
        name = m.group("name")
        canonical = canonical_name(name)
        if chain_head[0].lower() == "quỹ" and not canonical.lower().startswith("quỹ"):
            canonical = f"Quỹ {canonical}"  # a fund's name holds its head: Quỹ “Vì người nghèo”
        if not canonical or len(canonical.split()) > 25:
            continue
        alias = aliases.get(_fold(canonical))
        found.append(CampaignMatch(m.start("name"), m.end("name"), alias or canonical, chain_head[0], chain_head[1]))
        chain_end = m.end()

    def free(s: int, e: int) -> bool:
        return not any(c.start - 1 <= s and e <= c.end + 1 or (c.start < e and s < c.end) for c in found)

    for m in _FUND.finditer(text):
        name = m.group("name").rstrip(" -")
        end = m.start("name") + len(name)
        if free(m.start(), end):
            canonical = canonical_name(f"{m.group('head')} {name}")
            canonical = aliases.get(_fold(canonical), canonical)
            found.append(CampaignMatch(m.start(), end, canonical, "quỹ", "clause"))
    if not any(c.scope == "sentence" for c in found):
        stops = _stops()
        for m in _UNQUOTED_HEAD.finditer(text):
            if not (title or not text[: m.start()].strip()):
                continue
            if any(c.start < m.end() and m.start() < c.end for c in found) or _QUOTED.search(text, m.start(), m.end() + 2):
                continue
            got = _unquoted(text, m, stops)
            if got is not None:
                found.append(CampaignMatch(m.start(), got[0], got[1], regex.sub(r"\s+", " ", m.group("head").lower()), "sentence"))
                break
    # an alias named in passing ("đạt chuẩn xã nông thôn mới") is a mention, not a link target
    for m in alias_re.finditer(text):
        if free(m.start(), m.end()):
            found.append(CampaignMatch(m.start(), m.end(), aliases[_fold(m.group())], None, "none"))
    found.sort(key=lambda c: c.start)
    return found
