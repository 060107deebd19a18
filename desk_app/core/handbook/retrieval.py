"""Answering a clerk's question offline: BM25 over the handbook's passages and over each procedure's
names, in folded Vietnamese (NFC, casefold, no marks, đ→d), with syllable bigrams and the everyday
synonyms of synonyms.json ("sổ đỏ" is the land-use right certificate, "CCCD" the ID card).

A passage scores its own BM25 plus a share of its procedure's (a question names the procedure in
citizens' words and asks about one part of it); words that ask for a part ("bao nhiêu tiền", "mất mấy
ngày") lift the passages of that section. Pure Python: a few thousand postings per question.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from desk_app.core.handbook.passages import SECTIONS, Passage, passages
from desk_app.domain.handbook import HandbookEntry
from desk_app.domain.text import fold
from desk_app.paths import forms_dir

_K1, _B = 1.2, 0.75
PROCEDURE_SHARE = 0.6  # how much of the procedure's score each of its passages carries
SECTION_LIFT = 1.6  # a passage of the section the question asks about
EXPANSION_WEIGHT = 0.5  # a synonym counts for half the word the clerk typed
COVERAGE_WEIGHT = 0.5  # how much a procedure whose names hold only some of the ideas asked about loses
_SEGMENTS = re.compile(r"[^0-9a-z ]+")


# --- words --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lexicon:
    """Stop words, synonym groups and section cue phrases, all folded."""

    stopwords: frozenset[str]
    groups: tuple[tuple[str, ...], ...]
    sections: dict[str, tuple[str, ...]]

    @classmethod
    def from_json(cls, text: str) -> Lexicon:
        data = json.loads(text)
        groups = tuple(tuple(dict.fromkeys(fold(p) for p in group)) for group in data["groups"])
        sections = {key: tuple(fold(p) for p in phrases) for key, phrases in data["sections"].items()}
        unknown = set(sections) - set(SECTIONS)
        if unknown:
            raise ValueError(f"synonyms.json: phần không có trong sổ tay: {', '.join(sorted(unknown))}")
        return cls(frozenset(fold(w) for w in data["stopwords"]), groups, sections)


def synonyms_path() -> Path:
    return forms_dir() / "handbook" / "synonyms.json"


@lru_cache(maxsize=4)
def load_lexicon(path: Path | None = None) -> Lexicon:
    return Lexicon.from_json((path or synonyms_path()).read_text(encoding="utf-8"))


def words(text: str) -> list[list[str]]:
    """Folded syllables, in runs that punctuation does not cross (bigrams stay within a run)."""
    return [run.split() for run in _SEGMENTS.split(fold(text)) if run.strip()]


def terms(text: str, stopwords: frozenset[str] = frozenset()) -> list[str]:
    """Syllables that are not stop words, and every pair of neighbouring syllables ("khai_sinh")."""
    out: list[str] = []
    for run in words(text):
        out += [w for w in run if w not in stopwords]
        out += [f"{a}_{b}" for a, b in itertools.pairwise(run) if not (a in stopwords and b in stopwords)]
    return out


def _contains(haystack: str, phrase: str) -> bool:
    return f" {phrase} " in f" {haystack} "


# --- BM25 ---------------------------------------------------------------------------------------------


class Bm25:
    """Okapi BM25 with each posting's weight computed once; `scores` only adds."""

    def __init__(self, documents: Sequence[Sequence[str]]) -> None:
        self.size = len(documents)
        lengths = [len(doc) for doc in documents]
        average = (sum(lengths) / self.size) if self.size else 1.0
        frequencies: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for index, doc in enumerate(documents):
            for term, count in Counter(doc).items():
                frequencies[term].append((index, count))
        self.postings: dict[str, list[tuple[int, float]]] = {}
        for term, hits in frequencies.items():
            idf = math.log(1 + (self.size - len(hits) + 0.5) / (len(hits) + 0.5))
            self.postings[term] = [
                (i, idf * tf * (_K1 + 1) / (tf + _K1 * (1 - _B + _B * lengths[i] / (average or 1.0))))
                for i, tf in hits
            ]

    def scores(self, query: dict[str, float]) -> dict[int, float]:
        totals: dict[int, float] = defaultdict(float)
        for term, weight in query.items():
            for index, value in self.postings.get(term, ()):
                totals[index] += weight * value
        return totals


# --- the index ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    passage: Passage
    score: float


@dataclass(frozen=True)
class Query:
    weights: dict[str, float]
    sections: frozenset[str]
    concepts: tuple[tuple[str, ...], ...]  # each: phrases any one of which a procedure must contain
    unfinished: str = ""  # the last word while the clerk is still typing it: any word starting so


class HandbookIndex:
    """Every procedure's entry (written, published or derived), ready to answer questions."""

    def __init__(self, entries: Iterable[HandbookEntry], names: dict[str, str] | None = None,
                 lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or load_lexicon()
        self.entries = {entry.code: entry for entry in entries}
        self.codes = list(self.entries)
        names = names or {}
        self.passages: list[Passage] = [p for code in self.codes for p in passages(self.entries[code])]
        stop = self.lexicon.stopwords
        self._by_code: dict[str, list[int]] = defaultdict(list)
        for index, passage in enumerate(self.passages):
            self._by_code[passage.code].append(index)
        self.passage_bm25 = Bm25([terms(p.text, stop) for p in self.passages])
        self._names = {code: self._name_text(self.entries[code], names.get(code, "")) for code in self.codes}
        self.procedure_bm25 = Bm25([terms(self._names[code], stop) for code in self.codes])
        self._full = {code: " ".join([self._names[code], *(fold(self.passages[i].text) for i in self._by_code[code])])
                      for code in self.codes}
        self._vocabulary = sorted({t for p in (self.passage_bm25, self.procedure_bm25) for t in p.postings
                                   if "_" not in t})
        # Which procedures' names hold each synonym phrase: coverage is then set lookups, not string scans.
        self._named: dict[str, frozenset[str]] = {
            phrase: frozenset(c for c in self.codes if _contains(self._names[c], phrase))
            for group in self.lexicon.groups for phrase in group}

    @staticmethod
    def _name_text(entry: HandbookEntry, official: str) -> str:
        return fold(" . ".join([entry.code, entry.code.replace(".", ""), entry.title, official, *entry.also_called]))

    # --- the question ---------------------------------------------------------------------------

    def parse(self, question: str, prefix: bool = False) -> Query:
        """Weighted terms: the typed ones, their synonyms at half weight; the sections asked about."""
        lex = self.lexicon
        folded = " ".join(w for run in words(question) for w in run)
        weights: dict[str, float] = dict.fromkeys(terms(question, lex.stopwords), 1.0)
        concepts: list[tuple[str, ...]] = []
        covered: set[str] = set()
        for group in lex.groups:
            said = [p for p in group if _contains(folded, p)]
            if not said:
                continue
            concepts.append(group)
            covered.update(w for p in said for w in p.split())
            for phrase in group:
                if phrase not in said:
                    for term in terms(phrase, lex.stopwords):
                        weights[term] = max(weights.get(term, 0.0), EXPANSION_WEIGHT)
        sections = frozenset(key for key, cues in lex.sections.items() if any(_contains(folded, c) for c in cues))
        cue_words = {w for key in sections for c in lex.sections[key] if _contains(folded, c) for w in c.split()}
        # "mất bao lâu", "bao nhiêu tiền": they say which part is asked about, not which procedure.
        for word in cue_words - covered:
            weights.pop(word, None)
        loose = [w for w in folded.split() if w not in lex.stopwords and w not in covered and w not in cue_words]
        unfinished = ""
        if prefix and loose and not question.endswith(" "):
            unfinished, loose = loose[-1], loose[:-1]
            for term in self._completions(unfinished):
                weights[term] = max(weights.get(term, 0.0), EXPANSION_WEIGHT)
        concepts += [(w,) for w in dict.fromkeys(loose)]
        return Query(weights, sections, tuple(concepts), unfinished)

    def _completions(self, stem: str, limit: int = 20) -> list[str]:
        start = bisect.bisect_left(self._vocabulary, stem)
        found = []
        for term in self._vocabulary[start:start + limit]:
            if not term.startswith(stem):
                break
            found.append(term)
        return found

    # --- ranking --------------------------------------------------------------------------------

    def procedure_scores(self, query: Query) -> dict[str, float]:
        return {self.codes[i]: s for i, s in self.procedure_bm25.scores(query.weights).items()}

    def ask(self, question: str, limit: int = 5, per_procedure: int = 2) -> list[Answer]:
        """The best passages for a question, at most `per_procedure` from one procedure."""
        ranked = self._ranked_passages(self.parse(question))
        out: list[Answer] = []
        taken: Counter[str] = Counter()
        for answer in ranked:
            if taken[answer.passage.code] < per_procedure:
                taken[answer.passage.code] += 1
                out.append(answer)
                if len(out) == limit:
                    break
        return out

    def rank_procedures(self, question: str, limit: int = 5) -> list[str]:
        """Procedure codes in the order of their best passage."""
        seen: dict[str, None] = {}
        for answer in self._ranked_passages(self.parse(question)):
            seen.setdefault(answer.passage.code)
            if len(seen) == limit:
                break
        return list(seen)

    def _ranked_passages(self, query: Query, keep: int = 200) -> list[Answer]:
        """The `keep` best passages. A passage scores its own BM25 plus a share of its procedure's, scaled
        by how much of the question its procedure's names cover and lifted in the section asked about."""
        procedures = self.procedure_scores(query)
        scores = dict(self.passage_bm25.scores(query.weights))
        # The sections asked about, in the procedures the question names, even with no word in common.
        for code in sorted(procedures, key=lambda c: procedures[c], reverse=True)[:5]:
            for index in self._by_code[code]:
                if self.passages[index].section in query.sections:
                    scores.setdefault(index, 0.0)
        factor = self._coverage(query)
        passages, sections, lift = self.passages, query.sections, SECTION_LIFT
        adjusted = []
        for index, own in scores.items():
            passage = passages[index]
            score = (own + PROCEDURE_SHARE * procedures.get(passage.code, 0.0)) * factor.get(passage.code, 1.0)
            adjusted.append((score * lift if passage.section in sections else score, index))
        best = heapq.nlargest(keep, adjusted, key=lambda pair: (pair[0], -pair[1]))
        return [Answer(passages[index], score) for score, index in best]

    def _coverage(self, query: Query) -> dict[str, float]:
        """Per procedure, 1 - COVERAGE_WEIGHT × the share of the ideas asked about its names miss: "khai
        sinh lưu động" is mobile birth registration, not birth registration that mentions mobile units."""
        if not query.concepts:
            return {}
        held: Counter[str] = Counter()
        for concept in query.concepts:
            codes: set[str] = set()
            for phrase in concept:
                named = self._named.get(phrase)
                if named is None:  # a loose word: the procedures whose names hold it
                    codes |= {self.codes[i] for i, _ in self.procedure_bm25.postings.get(phrase, ())}
                else:
                    codes |= named
            held.update(codes)
        total = len(query.concepts)
        return {code: 1 - COVERAGE_WEIGHT + COVERAGE_WEIGHT * held[code] / total for code in self.codes}

    # --- the procedure picker -----------------------------------------------------------------------

    def find(self, query_text: str, limit: int = 30) -> list[str]:
        """Codes of procedures whose names or entry contain every idea typed (a synonym counts; the last
        word may be unfinished), best first: the picker's fallback when the name alone matches nothing."""
        query = self.parse(query_text, prefix=True)
        if not (query.concepts or query.unfinished):
            return []
        matching = [code for code in self.codes if self._has_all(code, query)]
        procedures = self.procedure_scores(query)
        passages_by_code: dict[str, float] = defaultdict(float)
        for index, score in self.passage_bm25.scores(query.weights).items():
            code = self.passages[index].code
            passages_by_code[code] = max(passages_by_code[code], score)
        key = {code: procedures.get(code, 0.0) + PROCEDURE_SHARE * passages_by_code.get(code, 0.0) for code in matching}
        return sorted(matching, key=lambda c: (-key[c], c))[:limit]

    def _has_all(self, code: str, query: Query) -> bool:
        text = self._full[code]
        if query.unfinished and re.search(r"(?:^| )" + re.escape(query.unfinished), text) is None:
            return False
        return all(any(_contains(text, phrase) for phrase in concept) for concept in query.concepts)
