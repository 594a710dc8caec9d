"""Campaign mentions: named movements, drives, models, programmes and funds.

Three ways a campaign is named:
- a head word then a quoted name: phong trào thi đua “Dân vận khéo”, and the
  quoted names chained after it (“A”, “B” và “C”);
- a fund named without quotes: Quỹ vắc xin phòng chống Covid-19, quỹ Chữ thập đỏ
  (where such a name starts and ends: ``campaign_name_cues.yaml``);
- an alias from ``campaign_aliases.tsv``: nông thôn mới, NTM, dân vận khéo. An
  alias governed by a head word ("Chương trình MTQG xây dựng nông thôn mới",
  "phong trào thi đua dân vận khéo") takes that head and its scope; otherwise it
  is a name in passing ("đạt chuẩn xã nông thôn mới"), not a link target.

The head's scope (``campaign_heads.tsv``) tells the linker how far a campaign
reaches: its sentence (movements, programmes), the rest of its clause (models)
or its comma segment (funds).

Broken quotes of scraped text never swallow a paragraph: a quoted name ends
at the closing quote, a line end, or after ``MAX_NAME_CHARS`` characters; a quote
a head opens and nobody closes names at most ``MAX_UNCLOSED_WORDS`` words, up to
punctuation or a stop word. Curly, straight, single and
guillemet quotes count, and so does a curly quote turned the wrong way where
its side is unmistakable (”Dân vận khéo”).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

import regex

from . import resources
from .normalise import is_syllable
from .prefilter import alternation, finditer_from, lowered, names_after

MAX_NAME_CHARS = 160
GAP_WORDS = 4  # words allowed between a head and its quote ("phong trào thi đua thực hiện “...”")


@dataclass(frozen=True, slots=True)
class CampaignMatch:
    start: int  # the name, without quotes
    end: int
    canonical: str
    head: str | None
    scope: str  # "sentence" (movements, programmes), "clause" (models), "segment" (funds) or "none" (a name in passing)


_OPEN = "“\"«"
_CLOSE = "”\"»"
# Scraped text mixes its quotes up: ”Dân vận khéo” (a closing mark opening), “Dân vận khéo“.
# A mark the wrong way round counts only where its side is unmistakable.
_QUOTED = regex.compile(
    rf"(?:[{_OPEN}]|(?<![^\s(:])”(?=\s?\p{{L}}))\s*(?P<name>[^{_OPEN}{_CLOSE}\n]{{1,{MAX_NAME_CHARS}}}?)\s*"
    rf"(?:[{_CLOSE}]|(?<=[\p{{L}}\d.!?…)]\s*)“(?![\p{{L}}\d]))"
    rf"|(?<![\p{{L}}])['‘](?P<name>\p{{Lu}}[^'‘’\n]{{1,80}}?)['’](?![\p{{L}}])"
)
_QUOTE_MARKS = _OPEN + _CLOSE + "‘’'"
_DISTINCT_QUOTE_MARKS = tuple(dict.fromkeys(_QUOTE_MARKS))
_SPACE_BEFORE_PUNCT = regex.compile(r"\s+([,;:.!?”)])")
_SPACE_AFTER_OPEN = regex.compile(r"([“(])\s+")
_WORD = regex.compile(r"\s+(\p{L}+)")
_TRAILING_QUOTES = regex.compile(rf"[\s{_OPEN}{_CLOSE}]+$")
_PARALLEL = regex.compile(r",[ ]+(?P<first>\p{Ll}+)[ ]+(?P<rest>\p{Ll}+(?:[ ]+\p{Ll}+){0,2})")
_CHAIN = regex.compile(r"\s*(?:,|và|;)?\s*(?:…|\.\.\.)?\s*$")
_FUND = regex.compile(r"(?<![\p{L}])(?P<head>[Qq]uỹ)\s+(?P<name>[\p{L}\d][\p{L}\d-]*(?:\s+[\p{L}\d-]+){0,7})")


def _has_quote_mark(text: str) -> bool:
    for q in _DISTINCT_QUOTE_MARKS:  # (a loop, not any() over a generator: it runs per sentence)
        if q in text:
            return True
    return False


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
def _head_firsts() -> tuple[str, ...]:
    """The words the head words open with: a pattern that starts at a head is tried only there."""
    return tuple(sorted({h.split()[0] for h in _tables()[1]}))


@cache
def _alias_firsts() -> tuple[str, ...]:
    """The words the aliases open with: the alias pattern is tried only where they stand."""
    return tuple(sorted({a.split()[0] for a in _tables()[3]}))


_words_alt = alternation


@cache
def _fund_cues() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    cues = resources.yaml_table("campaign_name_cues.yaml")
    stop = regex.compile(rf"\s+(?:(?:{_words_alt(cues['fund_stops'])})(?![\p{{L}}])|\d+(?![\p{{L}}-]))")
    lower_first = regex.compile(rf"(?:{_words_alt(cues['fund_lower_first'])})(?![\p{{L}}])")
    return stop, lower_first


MAX_UNCLOSED_WORDS = 10
MAX_UNOPENED_WORDS = 20  # the closing quote bounds these


@cache
def _unopened_name() -> regex.Pattern[str]:
    """A head word, then up to MAX_UNOPENED_WORDS words closed by a quote nobody opened:
    "phong trào thi đua Dân vận khéo” giai đoạn 2016-2020"."""
    head_alt = "|".join(regex.escape(h).replace(r"\ ", r"\s+") for h in _heads_longest_first())
    word = r"[\p{L}\d][\p{L}\p{M}\d-]*"
    return regex.compile(
        rf"(?<![\p{{L}}])(?P<head>(?i:{head_alt}))[ ]+(?P<name>\p{{Lu}}[\p{{L}}\p{{M}}-]*(?:,?[ ]+{word}){{0,{MAX_UNOPENED_WORDS - 1}}})"
        rf"[ ]*[{_CLOSE}’']"
    )


@cache
def _unclosed_name() -> regex.Pattern[str]:
    """The words after a quote that is never closed, up to a stop (campaign_name_cues.yaml)."""
    stops = _words_alt(resources.yaml_table("campaign_name_cues.yaml")["unclosed_stops"])
    word = rf"(?!(?i:{stops})(?![\p{{L}}]))[\p{{L}}][\p{{L}}\p{{M}}-]*"
    return regex.compile(rf"[{_OPEN}{_CLOSE}‘']\s*(?P<name>\p{{Lu}}[\p{{L}}\p{{M}}-]*(?:[ ]+{word}){{1,{MAX_UNCLOSED_WORDS - 1}}})")


_NAME_END = regex.compile(r"[,.;:()“”\"]")


@cache
def _word_pairs() -> tuple[tuple[str, regex.Pattern[str]], ...]:
    """(first half, pattern of ", second half") of the fixed pairs a comma does not end."""
    pairs = []
    for pair in resources.yaml_table("campaign_name_cues.yaml")["word_pairs"]:
        first, second = (w.strip() for w in pair.split(","))
        pairs.append((first.lower(), regex.compile(rf",[ ]*(?i:{regex.escape(second)})(?![\p{{L}}])")))
    return tuple(pairs)


def _pair_joint(name: str, after: str) -> int | None:
    """Where ", chống" ends in ``after`` when ``name`` ends with "phòng" (a known pair)."""
    low = name.lower()
    for first, second in _word_pairs():
        if low == first or low.endswith(" " + first):
            m = second.match(after)
            if m is not None:
                return m.end()
    return None


@cache
def _institution() -> regex.Pattern[str]:
    words = resources.yaml_table("campaign_name_cues.yaml")["institution_funds"]
    return regex.compile(rf"(?:{_words_alt(words)})(?![\p{{L}}])", regex.IGNORECASE)


def _fund_compound(name: str, at: int) -> bool:
    """Whether the stop word at ``at`` ends a two-word compound with the word before it."""
    before = name[:at].split()
    nxt = name[at:].split()
    return bool(before and nxt) and f"{before[-1]} {nxt[0]}".lower() in _cue_set("fund_compounds")


def _fund_name(name: str, after: str = "") -> str | None:
    """The fund's name out of the words after "Quỹ": up to a stop word or a number, and on
    over a parallel pair ("Khuyến học, khuyến tài": the words after the comma repeat the first)."""
    stop, lower_first = _fund_cues()
    if not name[0].isupper() and not lower_first.match(name):
        return None
    if _institution().match(name):
        return None  # "Quỹ Bảo hiểm y tế", "Quỹ bình ổn giá": an institution, not a campaign
    m = stop.search(name)
    while m is not None and _fund_compound(name, m.start()):
        m = stop.search(name, m.end())  # "Quỹ Dân số ...": "số" is part of the name here
    if m is not None:
        return name[:m.start()].rstrip(" -") or None
    name = name.rstrip(" -")
    joint = _pair_joint(name, after) if name else None
    if joint is not None:
        # a fixed pair the comma does not end: Quỹ phòng, chống dịch Covid-19; Quỹ Đền ơn, đáp nghĩa
        rest = after[joint:]
        m = stop.search(rest)
        end = m.start() if m else len(rest)
        cut = _NAME_END.search(rest, 0, end)
        return f"{name}{after[:joint]}{rest[:cut.start() if cut else end].rstrip()}"
    pair = _PARALLEL.match(after) if name and not after.startswith(" ") else None
    if pair is not None and pair.group("first").lower() == name.split()[0].lower():
        tail = pair.group("rest")
        m = stop.search(" " + tail)
        tail = tail[:m.start() - 1] if m else tail
        if tail.strip():
            name = f"{name}{after[:pair.start('rest')]}{tail.rstrip()}"
    return name or None


@cache
def _stops() -> frozenset[str]:
    return frozenset(w.lower() for w in resources.lines("item_stops.txt")) | {"ở", "tại", "trên", "năm", "giai"}


def canonical_name(name: str) -> str:
    """SPEC §4.6: as written, no quotes, spacing repaired, first letter capitalised."""
    name = name.strip(" \t" + _OPEN + _CLOSE)
    name = " ".join(name.split())
    name = _SPACE_BEFORE_PUNCT.sub(r"\1", name)
    name = _SPACE_AFTER_OPEN.sub(r"\1", name)
    if name:
        name = name[0].upper() + name[1:]
    return name


def _fold(s: str) -> str:
    return " ".join(s.lower().split())


# what every match of _UNQUOTED_HEAD holds, whatever the case of its first letter
_UNQUOTED_HEAD_CORES = ("hong trào", "uộc vận động", "hương trình")
_UNQUOTED_HEAD = regex.compile(
    r"(?P<head>[Pp]hong trào(?: thi đua)?|[Cc]uộc vận động|[Cc]hương trình)(?P<name>(?:\s+[\p{Ll}\p{Lu}][\p{L}]*){2,12})"
)


def _has_unquoted_head(text: str) -> bool:
    a, b, c = _UNQUOTED_HEAD_CORES
    return a in text or b in text or c in text


def _unquoted(text: str, m: regex.Match[str], stops: frozenset[str]) -> tuple[int, str] | None:
    """The name of an unquoted campaign: head + words up to a stop word or punctuation."""
    words = []
    end = m.start("name")
    if _cue_words("not_campaign_after_head").match(m.group("name").lstrip()):
        return None  # "Chương trình truyền hình ...", "chương trình ưu đãi": no campaign
    described = _cue_set("unquoted_stops")
    for w in _WORD.finditer(m.group("name")):
        if w.group(1).lower() in described and not words:
            return None  # "phong trào thi đua sôi nổi": a description, no name
        if (w.group(1).lower() in stops or w.group(1).lower() in described) and words:
            break
        words.append(w.group(1))
        end = m.start("name") + w.end(1)
        if len(words) == 1 and len(w.group(1)) > 1 and w.group(1).isupper():
            # "Chương trình OCOP tạo động lực ...": the acronym names it (a known one by its canonical name)
            return end, _tables()[3].get(_fold(w.group(1))) or canonical_name(text[m.start():end])
    if len(words) < 2:
        return None
    if m.group("head").lower() == "chương trình" and _only_what_it_does(" ".join(words)):
        return None  # "Chương trình hỗ trợ 50 triệu đồng/1 nhà": what it does, no name ("Phong trào khuyến học" is one)
    alias = _tables()[3].get(_fold(" ".join(words)))
    return end, alias or canonical_name(text[m.start():end])


_ALIAS_HEAD_GAP = 2  # words between a head and an unquoted alias: "phong trào thi đua chung sức xây dựng NTM"


def _alias_head(text: str, m: regex.Match[str], head_re: regex.Pattern[str]) -> str | None:
    """The head word governing an unquoted alias: written inside it ("Chương trình MTQG xây dựng
    nông thôn mới") or right before it, perhaps with a quote left unclosed ("Phong trào “Dân vận khéo được ...")."""
    inner = _head_prefix(m.group())
    if inner:
        return inner
    before = _TRAILING_QUOTES.sub(" ", text[max(0, m.start() - 80):m.start()])
    hm = head_re.search(before)
    if hm is None or len(hm.group("gap").split()) > _ALIAS_HEAD_GAP:
        return None
    return _head_text(hm.group("head"))


def _head_text(head: str) -> str:
    """A head word in lower case, acronyms kept: "Chương trình MTQG" -> "chương trình MTQG"."""
    return " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in head.split())


@cache
def _heads_longest_first() -> tuple[str, ...]:
    return tuple(sorted(_tables()[1], key=len, reverse=True))


def _head_prefix(name: str) -> str | None:
    folded = _fold(name)
    size = next((len(h.split()) for h in _heads_longest_first() if folded.startswith(h + " ")), 0)
    return _head_text(" ".join(name.split()[:size])) if size else None


def _canonical_after(head: str, name: str, aliases: dict[str, str]) -> str:
    """The canonical name of a campaign named after ``head``: a fund's name holds its head
    (Quỹ “Vì người nghèo” -> "Quỹ Vì người nghèo"); a national one takes its alias."""
    canonical = canonical_name(name)
    if _fold(head) == "quỹ" and canonical and not canonical.lower().startswith("quỹ"):
        canonical = f"Quỹ {canonical}"
    return aliases.get(_fold(canonical), canonical)


def _headline_name(text: str, m: regex.Match[str]) -> bool:
    """A quoted name in a headline that reads as a campaign's: two to eight words, capitalised,
    not a quoted saying (after a colon: Chủ tịch tỉnh: “Phải quyết liệt hơn nữa”)."""
    words = m.group("name").split()
    return (2 <= len(words) <= 8 and words[0][:1].isupper() and not text[:m.start()].rstrip().endswith(":")
            and _cue_words("headline_drives").search(text, 0, m.start()) is not None
            and _headline_starts().match(m.group("name")) is not None
            and words[-1].lower().strip("!?.,") not in _cue_set("utterance_particles"))  # 'Tết mà': an utterance


@cache
def _headline_starts() -> regex.Pattern[str]:
    starts = resources.yaml_table("campaign_name_cues.yaml")["headline_name_starts"]
    return regex.compile(rf"(?:{_words_alt(starts)})(?![\p{{L}}])", regex.IGNORECASE)


def find_campaigns(text: str, *, title: bool = False) -> list[CampaignMatch]:
    """Campaign mentions in ``text`` (one sentence; ``title`` if it is the headline).

    Unquoted names ("Phong trào xây dựng tuyến phố văn minh được ...") are
    taken where the sentence opens with them, or anywhere in a headline.
    """
    head_re, heads, alias_re, aliases = _tables()
    found: list[CampaignMatch] = []
    chain_head: tuple[str, str] | None = None
    chain_end = -1
    # every quoted name, and every name a quote closes or leaves open, needs a quote mark
    quoted = _has_quote_mark(text)
    low = lowered(text)
    for m in _QUOTED.finditer(text) if quoted else ():
        before = text[max(0, m.start() - 80):m.start()]
        hm = head_re.search(before)
        if hm is not None and _cue_words("not_campaign_after_head").search(hm.group("gap") or ""):
            chain_head = None  # "chương trình truyền hình “Chào buổi sáng”": a show
            continue
        head_key = _fold(_head_text(hm.group("head"))) if hm is not None else None
        if head_key == "chủ đề" and _not_a_campaign_theme(before):
            chain_head = None  # the theme of an exhibition or a festival
            continue
        if head_key == "điển hình" and _EXAMPLE.match(hm.group("gap") or ""):
            chain_head = None  # "Điển hình là cô bạn “...”": "for example", no head
            continue
        if hm is not None:
            head = _head_text(hm.group("head"))
            chain_head = (head, heads[_fold(head)])
        elif chain_head is not None and _CHAIN.fullmatch(text, chain_end, m.start()):
            pass  # “A”, “B” và “C” after one head
        elif title and _headline_name(text, m):
            # a headline quotes its campaign without a head: Tuổi trẻ Vĩnh Long sôi nổi “Tháng Thanh niên”
            chain_head = None
            canonical = canonical_name(m.group("name"))
            found.append(CampaignMatch(m.start("name"), m.end("name"), aliases.get(_fold(canonical), canonical), None, "sentence"))
            continue
        else:
            chain_head = None
            continue
        canonical = _canonical_after(chain_head[0], m.group("name"), aliases)
        if not canonical or len(canonical.split()) > 25:
            continue
        found.append(CampaignMatch(m.start("name"), m.end("name"), canonical, chain_head[0], chain_head[1]))
        chain_end = m.end()

    # a quote a head opens and nobody closes: the words up to the first stop
    for m in _unclosed_name().finditer(text) if quoted else ():
        s, e = m.span("name")
        if any(c.start <= s < c.end + 2 for c in found) or _QUOTED.match(text, m.start()):
            continue
        hm = head_re.search(text[max(0, m.start() - 80):m.start()])
        if hm is None:
            continue
        head = _head_text(hm.group("head"))
        found.append(CampaignMatch(s, e, _canonical_after(head, m.group("name"), aliases), head, heads[_fold(head)]))
    # a quote closed that nobody opened, right after a head and a few words
    for m in finditer_from(_unopened_name(), text, low, _head_firsts()) if quoted else ():
        s, e = m.span("name")
        if any(c.start < e and s < c.end for c in found) or regex.search(rf"[{_OPEN}‘]", m.group("name")):
            continue
        head = _head_text(m.group("head"))
        found.append(CampaignMatch(s, e, _canonical_after(head, m.group("name"), aliases), head, heads[_fold(head)]))
    found.sort(key=lambda c: c.start)

    def free(s: int, e: int) -> bool:
        return not any(c.start - 1 <= s and e <= c.end + 1 or (c.start < e and s < c.end) for c in found)

    for m in _FUND.finditer(text) if "uỹ" in text else ():
        name = _fund_name(m.group("name"), text[m.end("name"):m.end("name") + 40])
        if name is None:
            continue
        end = m.start("name") + len(name)
        if free(m.start(), end):
            canonical = canonical_name(f"{m.group('head')} {name}")
            canonical = aliases.get(_fold(canonical), canonical)
            found.append(CampaignMatch(m.start(), end, canonical, "quỹ", heads["quỹ"]))
    if not any(c.scope == "sentence" for c in found) and _has_unquoted_head(text):
        stops = _stops()
        if title:
            heads_at = _UNQUOTED_HEAD.finditer(text)
        else:  # only a head the sentence opens with counts: it is matched there alone
            first = _UNQUOTED_HEAD.match(text, len(text) - len(text.lstrip()))
            heads_at = [first] if first is not None else []
        for m in heads_at:
            if any(c.start < m.end() and m.start() < c.end for c in found) or _QUOTED.search(text, m.start(), m.end() + 2):
                continue
            got = _unquoted(text, m, stops)
            if got is not None:
                found.append(CampaignMatch(m.start(), got[0], got[1], _head_text(m.group("head")), "sentence"))
                break
    # an alias: a link target when a head governs it, else a name in passing ("đạt chuẩn xã nông thôn mới")
    for m in finditer_from(alias_re, text, low, _alias_firsts()):
        if free(m.start(), m.end()):
            head = _alias_head(text, m, head_re)
            scope = heads[_fold(head)] if head else "none"
            found.append(CampaignMatch(m.start(), m.end(), aliases[_fold(m.group())], head, scope))
    if not found:
        return found
    found.sort(key=lambda c: c.start)
    found = [c for c in found if not _a_show(c, aliases) and not _a_coded_fund(c, aliases)
             and not _scare_quoted(text, c, aliases) and not _generic_fund(c, text)
             and not _foreign_fund(c, aliases) and not _abroad_fund(text, c, aliases) and not _military(text, c)
             and not _a_document(text, c)]
    # "các phong trào thi đua yêu nước": many drives at once, a name in passing
    found = [replace(c, scope="none") if _plural_head(text, c) else c for c in found]
    # a fund named as the source of what follows scopes the whole sentence:
    # "Từ nguồn Quỹ “Vì người nghèo”, Ủy ban MTTQ đã trao 2 căn nhà ..., và 150 phần quà"
    return [replace(c, scope="sentence") if c.scope == "segment" and _source_before().search(text, 0, c.start) else c
            for c in found]


def _only_what_it_does(name: str) -> bool:
    """Whether an unquoted programme name says only what it does ("hỗ trợ", "tín dụng ưu đãi"):
    purpose words and generic modifiers (``generic_programme_words``), nothing that names it."""
    rest = _programme_purposes().sub(" ", name).split()
    return all(w.lower() in _cue_set("generic_programme_words") for w in rest)


@cache
def _programme_purposes() -> regex.Pattern[str]:
    cues = resources.yaml_table("campaign_name_cues.yaml")["programme_purposes"]
    return regex.compile(rf"(?<![\p{{L}}\d])(?:{_words_alt(cues)})(?![\p{{L}}\d])", regex.IGNORECASE)


def _a_show(c: CampaignMatch, aliases: dict[str, str]) -> bool:
    """A "chương trình" is a campaign only when it is a programme of some public purpose: a
    known one, or one whose name says what it does ("cho vay", "giảm nghèo", "hỗ trợ", "vì ...").
    In general news the word mostly names a show, a broadcast or an event's programme
    ("chương trình ‘Chào buổi sáng’", "Ai là triệu phú")."""
    named_so = _fold(c.canonical).startswith("chương trình ")
    programme = (c.head is not None and _fold(c.head) == "chương trình") or (c.head is None and named_so)
    if not programme or c.canonical in aliases.values():
        return False
    rest = c.canonical.split()[2:] if named_so else c.canonical.split()
    if len(rest) == 1 and len(rest[0]) > 1 and rest[0].isupper():
        return False  # "Chương trình KHCN": an acronym names a programme
    return _programme_purposes().search(c.canonical) is None


def _scare_quoted(text: str, c: CampaignMatch, aliases: dict[str, str]) -> bool:
    """A quoted name in lower case after one of the heads ``named_only_capitalised`` lists is a
    description in scare quotes, not a name (unless it is a known campaign)."""
    if c.head is None or _fold(c.head) not in _cue_set("named_only_capitalised") or c.canonical in aliases.values():
        return False
    first = text[c.start:c.end].lstrip("“\"'‘« ")[:1]
    return first.islower()


def _generic_fund(c: CampaignMatch, text: str) -> bool:
    """"Quỹ hỗ trợ", "Quỹ phòng": a lower-case fund cut to its first word is a phrase ("lập quỹ
    hỗ trợ các nạn nhân"), not a fund's name; so is a lower-case fund being founded ("muốn lập
    quỹ hỗ trợ y tế cho người nghèo")."""
    if c.head != "quỹ":
        return False
    founding = _cue_before("founding_before", r"\s+$")
    if text[c.start:c.start + 1] == "q" and founding.search(text, max(0, c.start - 20), c.start):
        return True
    rest = c.canonical.split(None, 1)[1:]
    return bool(rest) and rest[0].lower() in _cue_set("fund_lower_first") and rest[0][:1].islower()


_EXAMPLE = regex.compile(r"\s+(?:là|như)(?![\p{L}])", regex.IGNORECASE)


def _foreign_fund(c: CampaignMatch, aliases: dict[str, str]) -> bool:
    """A fund named with a foreign word ("Quỹ Bill & Melinda Gates", "Quỹ Japan Asian MB Capital")
    or abroad ("Quỹ Khoa học Nga", "Quỹ Quốc tế về Sức khỏe động vật") is an organisation, not
    a campaign (SPEC §4.7); a known fund keeps its name."""
    if c.head != "quỹ" or c.canonical in aliases.values():
        return False
    rest = c.canonical.split(None, 1)[1:]
    if not rest:
        return False
    if _cue_words("foreign_fund_words").search(rest[0]):
        return True
    loans = _cue_set("fund_loanwords")
    return any(w[:1].isupper() and not w.isupper() and w.isalpha() and not is_syllable(w) and w.lower() not in loans
               for w in rest[0].split())


def _abroad_fund(text: str, c: CampaignMatch, aliases: dict[str, str]) -> bool:
    """An unknown fund in a sentence that names a foreign country or body before it is one
    abroad, an institution ("Chủ tịch Trung Quốc đã cam kết ... tăng thêm 14,5 tỷ USD cho Quỹ
    Con đường Tơ lụa"); a known fund keeps its name whoever gives to it."""
    if c.head != "quỹ" or c.canonical in aliases.values():
        return False
    return _foreign_names().search(text, 0, c.start) is not None


@cache
def _foreign_names() -> regex.Pattern[str]:
    """The capitalised ``foreign_fund_words`` (countries, bodies), as written: "Mỹ", not "mỹ phẩm"."""
    words = [w for w in resources.yaml_table("campaign_name_cues.yaml")["foreign_fund_words"] if w[:1].isupper()]
    return regex.compile(rf"(?<![\p{{L}}])(?:{_words_alt(words)})(?![\p{{L}}])")


def _military(text: str, c: CampaignMatch) -> bool:
    """A "chiến dịch" in a sentence about war, or named after a battle, is a military operation."""
    if c.head is None or _fold(c.head) != "chiến dịch":
        return False
    if _cue_words("military_context").search(text):
        return True
    name = c.canonical[len("chiến dịch "):] if _fold(c.canonical).startswith("chiến dịch ") else c.canonical
    return _cue_words("military_operations").match(name) is not None


def _plural_head(text: str, c: CampaignMatch) -> bool:
    """Whether the head governing unquoted ``c`` stands after "các", "những", a number: many drives
    at once ("các phong trào thi đua yêu nước"). Quoted names after one are a list of names
    ("các mô hình: “Camera an ninh”, “Tự phòng, tự quản”"), each one a campaign."""
    if c.head is None or text[max(0, c.start - 2):c.start].rstrip()[-1:] in _QUOTE_MARKS:
        return False
    before = (_before_head(text, c) or "").lower().split()
    return bool(before) and (before[-1] in _cue_set("plural_before_head") or (before[-1].isdigit() and len(before[-1]) <= 2))


def _a_document(text: str, c: CampaignMatch) -> bool:
    """Whether the head of ``c`` stands right after a word of adoption or a legal document's
    ("thông qua đề án “...”", "Nghị quyết Chương trình xây dựng luật"): a document, no campaign."""
    if c.head is None or _fold(c.head) in ("quỹ", "phong trào", "phong trào thi đua", "cuộc vận động"):
        return False
    before = _before_head(text, c)
    return before is not None and _cue_before("document_before", r"\s*$").search(before) is not None


def _before_head(text: str, c: CampaignMatch) -> str | None:
    """Up to 100 characters of ``text`` before the head word governing ``c`` (written before
    the name or opening it), or None when the head is not found there."""
    window = text[max(0, c.start - 100):c.start + len(c.head) + 1]
    k = window.lower().rfind(c.head.lower())
    return window[:k] if k >= 0 else None


def documents_named(text: str, names: set[str]) -> set[str]:
    """Those of ``names`` (programmes, schemes) that ``text`` names somewhere as a document being
    adopted or a legal document's content ("Nghị quyết Chương trình xây dựng luật, pháp lệnh"):
    a document in the whole article, no campaign ("Điều 2. Chương trình xây dựng luật ...")."""
    return names_after(text, names, _cue_before("document_before", r"\s*$").search, 40, fold=True)


_CODE = regex.compile(r"(?:\p{Lu}{2,}\d*|\p{Lu}+\d+)")


def _a_coded_fund(c: CampaignMatch, aliases: dict[str, str]) -> bool:
    """A fund named by a code ("Quỹ VF1", "Quỹ SSIAM", "Quỹ MB Capital") is an investment fund or
    an organisation, not a campaign (SPEC §4.7); a known fund keeps its name."""
    if c.head != "quỹ" or c.canonical in aliases.values():
        return False
    words = c.canonical.split()
    return len(words) > 1 and _CODE.fullmatch(words[1]) is not None


def _not_a_campaign_theme(before: str) -> bool:
    """A theme ("chủ đề “...”") names a campaign only when it is a drive's (a drive word stands
    before it: "chủ đề thi đua năm 2016", "các đợt thi đua ... với chủ đề"), not the theme of an
    event or a work (an exhibition, a festival, a gala night, a declaration); a word in scare
    quotes ("chủ đề “nóng”") is left out by :func:`_scare_quoted`."""
    return _cue_words("theme_events").search(before) is not None or _cue_words("theme_drives").search(before) is None


@cache
def _cue_set(key: str) -> frozenset[str]:
    """The words ``campaign_name_cues.yaml`` lists under ``key``, in lower case."""
    return frozenset(w.lower() for w in resources.yaml_table("campaign_name_cues.yaml")[key])


@cache
def _cue_before(key: str, tail: str) -> regex.Pattern[str]:
    """Any of the words listed under ``key`` closing a stretch of text (then ``tail``)."""
    words = resources.yaml_table("campaign_name_cues.yaml")[key]
    return regex.compile(rf"(?<![\p{{L}}])(?:{_words_alt(words)}){tail}", regex.IGNORECASE)


@cache
def _cue_words(key: str) -> regex.Pattern[str]:
    """Any of the words ``campaign_name_cues.yaml`` lists under ``key``, as whole words."""
    words = resources.yaml_table("campaign_name_cues.yaml")[key]
    return regex.compile(rf"(?<![\p{{L}}])(?:{_words_alt(words)})(?![\p{{L}}])", regex.IGNORECASE)


@cache
def _source_before() -> regex.Pattern[str]:
    cues = resources.yaml_table("campaign_name_cues.yaml")["source_before"]
    return regex.compile(rf"(?:^|[^\p{{L}}])(?:{_words_alt(cues)})\s+(?:quỹ\s+)?[“\"«]?\s*$", regex.IGNORECASE)
