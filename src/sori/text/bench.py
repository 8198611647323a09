"""``sori bench text``: quality and speed figures of sori.text beside plain scikit-learn baselines.

Reads ``../shared/data`` (or ``--data`` / ``SORI_SHARED_DATA``): petitions with categories and KorSTS pairs,
and builds synthetic proposal corpora from the petitions. Baselines: TF-IDF character 1–3-grams with
LinearSVC (categories), cosine (similarity, near-duplicates, search) and k-means (clusters).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

import numpy as np

from ._bulk import auto_workers

__all__ = ["run", "synthetic"]

_ROOT = Path(__file__).resolve().parents[3]


def _default_data() -> Path:
    env = os.environ.get("SORI_SHARED_DATA")
    return Path(env) if env else (_ROOT.parent / "shared" / "data")


def _petitions(data: Path) -> list[dict[str, Any]]:
    with open(data / "petitions-dev.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _korsts(path: Path) -> list[tuple[float, str, str]]:
    out: list[tuple[float, str, str]] = []
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 7:
                out.append((float(parts[4]), parts[5], parts[6]))
    return out


def synthetic(petitions: Sequence[dict[str, Any]], n: int, seed: int = 0) -> list[tuple[str, str]]:
    """Return ``n`` (text, category) proposals of about 150 characters built from petition text.

    Themes (petitions) are drawn with a Zipf-like popularity so some demands are voiced many times in
    different pieces of text (each followed by a piece of another text of the same category); 5 % are exact
    copies and 15 % lightly edited copies (one to three
    characters changed) of a recent original proposal, as in a campaign sharing a template.
    """
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    sources = [(re.sub(r"\s+", " ", p["title"] + " " + p["content"]), p["category"]) for p in petitions]
    weights = 1.0 / np.arange(1, len(sources) + 1) ** 0.8
    order = nrng.permutation(len(sources))
    themes = nrng.choice(len(sources), size=n, p=weights / weights.sum())
    by_category: dict[str, list[str]] = {}
    for text, cat in sources:
        by_category.setdefault(cat, []).append(text)
    out: list[tuple[str, str]] = []
    originals: list[tuple[str, str]] = []
    for i in range(n):
        r = rng.random()
        if r < 0.05 and originals:
            out.append(rng.choice(originals[-2000:]))
            continue
        if r < 0.20 and originals:
            text, cat = rng.choice(originals[-2000:])
            chars = list(text)
            for _ in range(rng.randint(1, 3)):
                chars[rng.randrange(len(chars))] = rng.choice("가나다 은는이을")
            out.append(("".join(chars), cat))
            continue
        text, cat = sources[order[themes[i]]]
        # A piece of the theme's text (non-overlapping pieces: different people, different words) followed
        # by a piece of another text of the same category, so originals rarely repeat by chance.
        piece = rng.randrange(max(1, len(text) // 90))
        other = rng.choice(by_category[cat])
        start = rng.randrange(max(1, len(other) - 90))
        head = text[piece * 90 : piece * 90 + rng.randint(60, 90)]
        originals.append((head + " " + other[start : start + rng.randint(50, 100)], cat))
        out.append(originals[-1])
    return out


def _row(name: str, ours: str, base: str, target: str = "") -> None:
    print(f"  {name:<46} {ours:>18}   {base:>18}   {target}", flush=True)


def _cells(name: str, *cells: str) -> None:
    print(f"  {name:<52}" + "".join(f" {c:>20}" for c in cells), flush=True)


# ---- category ------------------------------------------------------------------------------------------


def bench_category(petitions: list[dict[str, Any]], quick: bool) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold, train_test_split
    from sklearn.svm import LinearSVC

    from . import train_classifier

    texts = [p["title"] + "\n" + p["content"] for p in petitions]
    y = np.array([p["category"] for p in petitions])
    if quick:
        idx = np.arange(len(texts))
        tr, te = train_test_split(idx, test_size=0.3, random_state=0, stratify=y)
        splits = [(tr, te)]
    else:
        splits = list(StratifiedKFold(5, shuffle=True, random_state=0).split(texts, y))
    named = sorted(set(y) - {"기타"})
    scores: dict[str, list[float]] = {k: [] for k in ("ours", "ours_wo", "base", "base_wo")}
    t_ours = t_base = 0.0
    for tr, te in splits:
        t = time.perf_counter()
        vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)
        svm = LinearSVC().fit(vec.fit_transform([texts[i] for i in tr]), y[tr])
        pb = svm.predict(vec.transform([texts[i] for i in te]))
        t_base += time.perf_counter() - t
        t = time.perf_counter()
        model = train_classifier([texts[i] for i in tr], y[tr].tolist())
        po = np.array([p.label for p in model.predict([texts[i] for i in te])])
        t_ours += time.perf_counter() - t
        for key, pred in (("ours", po), ("base", pb)):
            scores[key].append(f1_score(y[te], pred, average="macro"))
            scores[key + "_wo"].append(f1_score(y[te], pred, labels=named, average="macro"))
    how = "70/30 split" if quick else "5-fold CV"
    print(f"Category suggestion — petitions, 17 categories, {how} (macro-F1)")
    _row("", "sori.text", "char TF-IDF+SVC", "target")
    m = {k: float(np.mean(v)) for k, v in scores.items()}
    _row(
        "macro-F1, all 17",
        f"{m['ours']:.3f}",
        f"{m['base']:.3f}",
        f"≥ base + 0.030 (got {m['ours'] - m['base']:+.3f})",
    )
    _row(
        "macro-F1, without '기타'",
        f"{m['ours_wo']:.3f}",
        f"{m['base_wo']:.3f}",
        f"≥ base + 0.030 (got {m['ours_wo'] - m['base_wo']:+.3f})",
    )
    _row("train+predict time, s", f"{t_ours:.1f}", f"{t_base:.1f}")


# ---- similarity ----------------------------------------------------------------------------------------


def bench_similarity(data: Path, quick: bool) -> None:
    from scipy.stats import spearmanr
    from sklearn.feature_extraction.text import TfidfVectorizer

    from . import similarities

    print("Similarity — KorSTS (Spearman correlation with gold scores)")
    _row("", "sori.text", "char TF-IDF cos", "target")
    train = _korsts(data / "korsts" / "sts-train.tsv")
    sets = [("dev", _korsts(data / "korsts" / "sts-dev.tsv"))] + (
        [] if quick else [("train (held-out check)", train)]
    )
    for name, pairs in sets:
        gold = [g for g, _a, _b in pairs]
        a = [x for _g, x, _b in pairs]
        b = [x for _g, _a, x in pairs]
        vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True).fit(a + b)
        base = np.asarray(vec.transform(a).multiply(vec.transform(b)).sum(axis=1)).ravel()
        t = time.perf_counter()
        ours = similarities(list(zip(a, b, strict=True)))
        dt = time.perf_counter() - t
        rb, ro = spearmanr(gold, base)[0], spearmanr(gold, ours)[0]
        _row(
            f"{name}, {len(pairs)} pairs ({dt:.1f} s)",
            f"{ro:.4f}",
            f"{rb:.4f}",
            f"≥ base + 0.03 (got {ro - rb:+.4f})",
        )
    if not quick:
        pairs = sets[0][1]
        corpus = [x for _g, s1, s2 in train for x in (s1, s2)]
        ours = similarities([(s1, s2) for _g, s1, s2 in pairs], corpus=corpus)
        _row(
            "dev, IDF also fitted on train sentences",
            f"{spearmanr([g for g, _a, _b in pairs], ours)[0]:.4f}",
            "",
        )


# ---- near-duplicates -----------------------------------------------------------------------------------


def _exact_pairs(keys: list[str]) -> set[tuple[int, int]]:
    import scipy.sparse as sp

    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for i, k in enumerate(keys):
        grams = {k[j : j + 5] for j in range(len(k) - 4)} or {k}
        for g in grams:
            rows.append(i)
            cols.append(vocab.setdefault(g, len(vocab)))
    m = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(keys), len(vocab)))
    sizes = np.asarray(m.sum(axis=1)).ravel()
    inter = sp.triu(m @ m.T, k=1).tocoo()
    jac = inter.data / (sizes[inter.row] + sizes[inter.col] - inter.data)
    ok = jac >= 0.8 - 1e-9
    return set(zip(inter.row[ok].tolist(), inter.col[ok].tolist(), strict=True))


def _group_pairs(groups: list[int]) -> set[tuple[int, int]]:
    members: dict[int, list[int]] = {}
    for i, g in enumerate(groups):
        members.setdefault(g, []).append(i)
    return {(a, b) for ms in members.values() for x, a in enumerate(ms) for b in ms[x + 1 :]}


def bench_near_duplicates(corpus: list[tuple[str, str]], quick: bool) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    from . import Doc, near_duplicates
    from ._dedup import dedup_key, near_duplicate_pairs

    n = 2000 if quick else 6000
    texts = [t for t, _c in corpus[:n]]
    keys = [dedup_key(t) for t in texts]
    truth = _exact_pairs(keys)
    t = time.perf_counter()
    mapping = near_duplicates([Doc(str(i), x) for i, x in enumerate(texts)])
    dt = time.perf_counter() - t
    groups = [int(mapping.get(str(i), str(i))) for i in range(n)]
    found = _group_pairs(groups)
    vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)
    x = vec.fit_transform(texts)
    import scipy.sparse as sp

    sims = sp.triu(x @ x.T, k=1).tocoo()
    ok = sims.data >= 0.9
    base = set(zip(sims.row[ok].tolist(), sims.col[ok].tolist(), strict=True))

    def pr(pred: set[tuple[int, int]]) -> tuple[float, float]:
        tp = len(pred & truth)
        return (tp / len(pred) if pred else 1.0), (tp / len(truth) if truth else 1.0)

    t = time.perf_counter()
    detected = {(a, b) for a, b, _j in near_duplicate_pairs(texts)}
    dt_pairs = time.perf_counter() - t
    (po, ro), (pb, rb) = pr(detected), pr(base)
    links = {(min(i, g), max(i, g)) for i, g in enumerate(groups) if g != i}
    link_precision = len(links & truth) / len(links) if links else 1.0
    gp, gr = pr(found)
    print(f"Near-duplicates — {n} synthetic proposals, {len(truth)} true pairs (char 5-gram Jaccard ≥ 0.8)")
    _row("", "sori.text", "char TF-IDF cos≥0.9", "target")
    _row(f"detected pairs: precision ({dt_pairs:.1f} s)", f"{po:.4f}", f"{pb:.4f}", "≥ 0.95")
    _row("detected pairs: recall", f"{ro:.4f}", f"{rb:.4f}", "≥ 0.95")
    _row(f"near_duplicates() links dup→earliest: precision ({dt:.1f} s)", f"{link_precision:.4f}", "")
    _row(
        "near_duplicates() groups: pair precision / recall",
        f"{gp:.3f} / {gr:.3f}",
        "",
        "(groups are stars around the earliest text)",
    )


# ---- clusters ------------------------------------------------------------------------------------------


def bench_clusters(petitions: list[dict[str, Any]]) -> None:
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import normalized_mutual_info_score as nmi

    from . import Doc, cluster
    from ._bench_bertopic import bertopic_labels
    from ._encoder import Encoder, TfidfHasher

    texts = [p["title"] + "\n" + p["content"] for p in petitions]
    y = [p["category"] for p in petitions]
    t = time.perf_counter()
    result = cluster([Doc(str(i), x) for i, x in enumerate(texts)])
    dt = time.perf_counter() - t
    labels = [result.assignments[str(i)] for i in range(len(texts))]
    singletons = [c if c >= 0 else 100_000 + i for i, c in enumerate(labels)]
    counts = TfidfHasher.counts(texts)
    enc = Encoder.fit(counts)
    emb = enc.embed_weighted(enc.hasher.weight(counts))
    norms = np.linalg.norm(emb, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    km_same = KMeans(17, n_init=4, random_state=0).fit_predict(emb / norms)
    x = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2).fit_transform(texts)
    km_base = KMeans(17, n_init=4, random_state=0).fit_predict(x)
    unassigned = sum(1 for c in labels if c < 0)
    print(
        f"Clusters — petitions vs their 17 categories (NMI); sori.text made {len(result.clusters)} clusters,"
        f" {unassigned} of {len(texts)} unassigned, in {dt:.1f} s"
    )
    _row("", "sori.text", "k-means k=17", "")
    _row(
        "NMI, unassigned as singletons",
        f"{nmi(y, singletons):.4f}",
        f"{nmi(y, km_same):.4f}",
        "(k-means on the same LSA vectors)",
    )
    _row(
        "NMI, unassigned as one group",
        f"{nmi(y, labels):.4f}",
        f"{nmi(y, km_base):.4f}",
        "(k-means on char TF-IDF)",
    )
    topics = [bertopic_labels(texts, emb, seed) for seed in (0, 1, 2)]
    if isinstance(topics[0], str):
        _row("BERTopic on the same LSA vectors", "", topics[0])
        return
    runs = [t for t in topics if not isinstance(t, str)]
    found = np.mean([len(set(t.tolist()) - {-1}) for t in runs])
    outliers = np.mean([float((t < 0).mean()) for t in runs])
    as_singletons = [nmi(y, [c if c >= 0 else 100_000 + i for i, c in enumerate(t.tolist())]) for t in runs]
    as_group = [nmi(y, t) for t in runs]
    print(
        f"  BERTopic (UMAP + HDBSCAN, its defaults) on the same LSA vectors, seeds 0-2: {found:.0f} topics,"
        f" {outliers:.0%} outliers"
    )
    _row("", "sori.text", "BERTopic (mean)", "")
    _row("NMI, unassigned as singletons", f"{nmi(y, singletons):.4f}", f"{np.mean(as_singletons):.4f}")
    _row("NMI, unassigned as one group", f"{nmi(y, labels):.4f}", f"{np.mean(as_group):.4f}")


# ---- paraphrases ---------------------------------------------------------------------------------------


def _paraphrase_sets() -> list[tuple[str, list[dict[str, Any]]]]:
    folder = _ROOT / "tests" / "text" / "fixtures"
    out = []
    for path in sorted(folder.glob("paraphrases_*.jsonl")):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        out.append((path.stem.removeprefix("paraphrases_"), rows))
    return out


def bench_paraphrase() -> None:
    from scipy.cluster.hierarchy import fcluster, linkage
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import adjusted_rand_score

    from . import Doc, cluster, encode
    from ._metric import _DEFAULT, fit_metric, read_header

    def flat(result: Any, docs: list[Any]) -> list[int]:
        labels = [result.assignments[d.id] for d in docs]
        return [c if c >= 0 else 10**6 + i for i, c in enumerate(labels)]

    def char_tfidf(texts: list[str], k: int) -> list[int]:
        x = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True).fit_transform(texts)
        dist = np.clip(1.0 - (x @ x.T).toarray(), 0.0, None)
        tree = linkage(dist[np.triu_indices(len(texts), 1)], "average")
        return [int(c) for c in fcluster(tree, k, criterion="maxclust")]

    sets = _paraphrase_sets()
    if not sets:
        print("Paraphrases — tests/text/fixtures/paraphrases_*.jsonl not found")
        return
    fitted_on = set(cast(dict[str, int], read_header(_DEFAULT)["fitted_on"]))
    names = sorted(n.removeprefix("paraphrases_").removesuffix(".jsonl") for n in fitted_on)
    print("Paraphrases — labelled proposal sets (ARI of the groups against the labelled demands)")
    print("    by meaning: the learned metric never saw the set it groups (refitted without it when the")
    print(f"    shipped one, fitted on sets {', '.join(names)}, saw it)")
    _cells("", "by meaning", "no metric (before)", "by words (today)", "char TF-IDF, true k")
    t = time.perf_counter()
    encoded = [encode([r["text"] for r in rows]) for _name, rows in sets]
    rate = sum(len(rows) for _name, rows in sets) / (time.perf_counter() - t)
    columns = ("truth", "ours", "plain", "words", "tfidf")
    near: list[tuple[float, bool, bool]] = []
    pooled: dict[str, list[str]] = {k: [] for k in columns}
    for (name, rows), vectors in zip(sets, encoded, strict=True):
        docs = [Doc(r["id"], r["text"]) for r in rows]
        truth = [r["demand"] for r in rows]
        held_out = f"paraphrases_{name}.jsonl" not in fitted_on
        metric = (
            "shipped"
            if held_out
            else fit_metric(
                [
                    (v, [r["demand"] for r in other])
                    for (other_name, other), v in zip(sets, encoded, strict=True)
                    if other_name != name and f"paraphrases_{other_name}.jsonl" in fitted_on
                ]
            )
        )
        result = cluster(docs, vectors=vectors, _metric=metric)
        near.extend(_nearest_demand_trials(vectors, truth, None if isinstance(metric, str) else metric))
        values = {
            "truth": truth,
            "ours": flat(result, docs),
            "plain": flat(cluster(docs, vectors=vectors, _metric=None), docs),
            "words": flat(cluster(docs), docs),
            "tfidf": char_tfidf([d.text for d in docs], len(set(truth))),
        }
        for key in columns:
            pooled[key].extend(f"{name}:{v}" for v in values[key])
        label = f"set {name}{' (held out)' if held_out else ''}"
        _cells(
            f"{label}: {len(docs)} proposals, {len(set(truth))} demands",
            *(f"{adjusted_rand_score(truth, values[key]):.3f}" for key in columns[1:]),
        )
        titles = [c.title for c in sorted(result.clusters, key=lambda c: -c.size)[:6]]
        print(f"    largest groups' titles: {', '.join(titles)}")
    truth = pooled["truth"]
    trials = np.asarray(near, dtype=np.float64)
    print("    nearest demand (each proposal against the other members of every demand), through the metric:")
    for threshold in (0.30, 0.35, 0.40):
        offered = trials[:, 0] >= threshold
        right = int((offered & (trials[:, 1] == 1)).sum())
        print(
            f"      at {threshold:.2f}: {right / max(1, int(offered.sum())):.0%} of suggestions right, "
            f"{right / max(1, int((trials[:, 2] == 1).sum())):.0%} of proposals whose demand exists placed"
        )
    _cells(
        f"all sets, each grouped alone ({len(truth)}, {len(set(truth))}); target ≥ 0.6",
        *(f"{adjusted_rand_score(truth, pooled[key]):.3f}" for key in columns[1:]),
    )
    _cells("encoder sentences/s (first load included)", f"{rate:.0f}", "")


def _nearest_demand_trials(
    vectors: np.ndarray, demands: list[str], metric: Any
) -> list[tuple[float, bool, bool]]:
    """(best score, right demand, has a demand to join) for each proposal against the others' demands."""
    from ._meaning import MeaningEncoder
    from ._metric import default_metric

    encoder = MeaningEncoder.fit(vectors, metric if metric is not None else default_metric())
    x = encoder.transform(vectors).astype(np.float64)
    tags = np.asarray(demands)
    out = []
    for i in range(len(tags)):
        names, centres = [], []
        for tag in np.unique(tags):
            members = tags == tag
            members[i] = False
            if members.any():
                c = x[members].sum(axis=0)
                names.append(tag)
                centres.append(c / max(float(np.linalg.norm(c)), 1e-12))
        scores = np.asarray(centres) @ x[i]
        best = int(np.argmax(scores))
        out.append((float(scores[best]), names[best] == tags[i], int((tags == tags[i]).sum()) > 1))
    return out


# ---- end to end and search (measured in child processes for clean peak memory) ------------------------


def _child(kind: str, n: int, data: Path, workers: int = 1, timeout: float | None = None) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "sori.text.bench", "--_child", kind, "--_n", str(n), "--data", str(data)]
    cmd += ["--workers", str(workers)]
    env = dict(os.environ)
    env["PYTHONPATH"] = str(_ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"stopped after {timeout:.0f} s"}
    if out.returncode != 0:
        return {"error": out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "failed"}
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _cpu_s() -> float:
    """Return the CPU seconds of this process and of its finished children (the worker processes)."""
    import resource

    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def _peak_mb() -> float:
    """Return this process's peak resident memory since it started this program.

    ``VmHWM`` rather than ``ru_maxrss``: the latter also counts the pages of the parent that forked this
    process before ``exec`` (the benchmark's own, when it has run other parts first).
    """
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


class _TreeMemory:
    """Samples the resident memory of this process and its child processes together, every 0.1 s.

    Peaks of single processes do not add up to the peak of all of them at once; summing ``/proc``
    readings taken together does.
    """

    def __init__(self) -> None:
        import threading

        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._page = os.sysconf("SC_PAGE_SIZE")

    def __enter__(self) -> _TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _rss(self, pid: int) -> int:
        try:
            with open(f"/proc/{pid}/statm") as f:
                return int(f.read().split()[1]) * self._page
        except (OSError, IndexError, ValueError):
            return 0

    def _children(self, pid: int) -> list[int]:
        try:
            with open(f"/proc/{pid}/task/{pid}/children") as f:
                return [int(c) for c in f.read().split()]
        except OSError:
            return []

    def _watch(self) -> None:
        me = os.getpid()
        while not self._stop.wait(0.1):
            total = self._rss(me) + sum(self._rss(c) for c in self._children(me))
            self.peak_mb = max(self.peak_mb, total / 2**20)


def _agreement(docs: Sequence[Any], clustering: Any, sample: int = 5000) -> float:
    """Return the share of a sample whose cluster is the one the index gives comparing with every centroid.

    Split inputs compare each text with nearby parts' centroids only; this measures what that costs.
    """
    rows = random.Random(5).sample(range(len(docs)), min(sample, len(docs)))
    again = clustering.index.assign_many([docs[i].text for i in rows])
    same = 0
    for i, match in zip(rows, again, strict=True):
        c = clustering.assignments[docs[i].id]
        same += (match.id if match else None) == (str(c) if c >= 0 else None)
    return same / len(rows) if rows else 1.0


def _run_child(kind: str, n: int, data: Path, workers: int) -> dict[str, Any]:
    corpus = synthetic(_petitions(data), n, seed=1)
    texts = [t for t, _c in corpus]
    del corpus
    base_mb = _peak_mb()
    if kind == "e2e":
        from . import Doc, organise

        docs = [Doc(str(i), x) for i, x in enumerate(texts)]
        base_mb = _peak_mb()
        with _TreeMemory() as tree:  # the default model is trained (and Kiwi loaded) inside the timing
            t, c = time.perf_counter(), _cpu_s()
            result = organise(docs, workers=workers)
            dt = time.perf_counter() - t
        return {
            "seconds": dt,
            "cpu": _cpu_s() - c,
            "peak_mb": _peak_mb(),
            "tree_mb": max(tree.peak_mb, _peak_mb()),
            "start_mb": base_mb,
            "clusters": len(result.clustering.clusters),
            "duplicates": len(result.duplicates),
            "agreement": _agreement(docs, result.clustering),
        }
    if kind == "e2e-base":
        if n > 50_000:  # a plain TF-IDF matrix of a million texts can take the machine's memory; cap it
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (16 * 2**30, 16 * 2**30))
        from sklearn.cluster import MiniBatchKMeans
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.svm import LinearSVC

        from ._classify import seed_examples

        seeds = seed_examples()
        t, c = time.perf_counter(), _cpu_s()
        vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2)
        x = vec.fit_transform(texts)
        svm = LinearSVC().fit(vec.transform([s for s, _c in seeds]), [c for _s, c in seeds])
        svm.predict(x)
        MiniBatchKMeans(max(2, n // 500), random_state=0, n_init=1, batch_size=4096).fit(x)
        return {
            "seconds": time.perf_counter() - t,
            "cpu": _cpu_s() - c,
            "peak_mb": _peak_mb(),
            "start_mb": base_mb,
        }
    if kind == "search-meaning":
        return _meaning_search(texts, data)
    if kind in ("search", "search-base"):
        rng = random.Random(7)
        pets = _petitions(data)
        queries = []
        for _ in range(200):
            p = rng.choice(pets)
            s = re.sub(r"\s+", " ", p["title"] + " " + p["content"])
            st = rng.randrange(max(1, len(s) - 120))
            queries.append(s[st : st + 120])
        if kind == "search":
            from . import Doc, SimilarityIndex

            t = time.perf_counter()
            index = SimilarityIndex.build([Doc(str(i), x) for i, x in enumerate(texts)])
            build = time.perf_counter() - t
            index.query("워밍업 질의")
            cold, warm, bare = [], [], []
            for q in queries:
                t = time.perf_counter()
                index.query(q, k=5)
                cold.append(time.perf_counter() - t)
            for q in queries:
                t = time.perf_counter()
                index.query(q, k=5)
                warm.append(time.perf_counter() - t)
                t = time.perf_counter()
                index.scores(q)
                bare.append(time.perf_counter() - t)
            t = time.perf_counter()
            for i, q in enumerate(queries[:100]):
                index.add(Doc(f"new{i}", q))
            add = (time.perf_counter() - t) / 100
            return {
                "build": build,
                "p95_cold": float(np.percentile(cold, 95)) * 1000,
                "p95_warm": float(np.percentile(warm, 95)) * 1000,
                "p95_scores": float(np.percentile(bare, 95)) * 1000,
                "add_ms": add * 1000,
                "peak_mb": _peak_mb(),
            }
        from sklearn.feature_extraction.text import TfidfVectorizer

        t = time.perf_counter()
        vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)
        x = vec.fit_transform(texts)
        build = time.perf_counter() - t
        times = []
        for q in queries:
            t = time.perf_counter()
            s = (x @ vec.transform([q]).T).toarray().ravel()
            np.argpartition(-s, 5)[:5]
            times.append(time.perf_counter() - t)
        return {"build": build, "p95": float(np.percentile(times, 95)) * 1000, "peak_mb": _peak_mb()}
    raise ValueError(kind)


def _meaning_search(texts: list[str], data: Path) -> dict[str, Any]:
    """Time similar-by-meaning queries against ``len(texts)`` stored vectors, the query's encoding included.

    Encoding 100,000 texts takes this machine about 15 minutes, so 3,000 distinct texts are encoded and
    the stored vectors are those plus small random perturbations (the arithmetic of a query is the same).
    """
    from . import Doc, MeaningIndex, _meaning, encode

    n = len(texts)
    rng = np.random.default_rng(11)
    t = time.perf_counter()
    base = encode(texts[:3000])
    encode_rate = 3000 / (time.perf_counter() - t)
    stored = base[rng.integers(0, base.shape[0], size=n)]
    stored += rng.normal(scale=0.3 / np.sqrt(stored.shape[1]), size=stored.shape).astype(np.float32)
    stored /= np.linalg.norm(stored, axis=1, keepdims=True)
    t = time.perf_counter()
    index = MeaningIndex.build([Doc(str(i), texts[i]) for i in range(n)], vectors=stored)
    build = time.perf_counter() - t
    searched = _meaning.search_part(stored)
    prng = random.Random(7)
    pets = _petitions(data)
    queries = []
    for _ in range(200):
        p = prng.choice(pets)
        s = re.sub(r"\s+", " ", p["title"] + " " + p["content"])
        st = prng.randrange(max(1, len(s) - 120))
        queries.append(s[st : st + 120])
    index.query("워밍업 질의")
    total, search, agree = [], [], 0
    for q in queries:
        _meaning._cache.clear()
        t = time.perf_counter()
        hits = index.query(q, k=5, min_score=0.0)
        total.append(time.perf_counter() - t)
        v = _meaning.encode_search([q])[0]
        t = time.perf_counter()
        index.scores(v)
        search.append(time.perf_counter() - t)
        exact = np.argpartition(-(searched @ v), 5)[:5]
        agree += len({h.id for h in hits} & {str(i) for i in exact.tolist()})
    return {
        "p95_total": float(np.percentile(total, 95)) * 1000,
        "p95_search": float(np.percentile(search, 95)) * 1000,
        "recall5": agree / (5 * len(queries)),
        "build": build,
        "encode_rate": encode_rate,
        "peak_mb": _peak_mb(),
    }


def bench_scale(data: Path, n: int, search_n: int, workers: int | None) -> None:
    workers = workers or auto_workers(n)
    print(
        f"End to end — organise {n:,} synthetic proposals (~150 chars): "
        f"near-dups, clusters, labels, categories; {workers} worker process{'es' if workers > 1 else ''}"
    )
    _row("", "sori.text", "TF-IDF+SVC+k-means", "target")
    large = n > 50_000
    ours = _child("e2e", n, data, workers)
    base = _child("e2e-base", n, data, timeout=1200 if large else None)
    if "error" in ours:
        print(f"  failed: {ours['error']}")
    else:
        missing = base.get("error", "")

        def of_base(key: str, form: str) -> str:
            return "did not finish" if missing else format(base[key], form)

        _row(
            "wall time, s", f"{ours['seconds']:.1f}", of_base("seconds", ".1f"), "≤ 1200" if large else "≤ 60"
        )
        _row(
            "CPU time (all processes), s",
            f"{ours['cpu']:.1f}",
            of_base("cpu", ".1f"),
            "(less load-sensitive)",
        )
        _row(
            "peak memory, all processes together, MB",
            f"{ours['tree_mb']:.0f}",
            of_base("peak_mb", ".0f"),
            "≤ 8192" if large else "≤ 2048",
        )
        _row("peak memory of the main process, MB", f"{ours['peak_mb']:.0f}", "")
        _row("clusters / duplicates found", f"{ours['clusters']} / {ours['duplicates']}", "")
        _row(
            "same cluster as comparing with every centroid", f"{ours['agreement']:.1%}", "", "(5,000 sampled)"
        )
        if missing:
            print(f"  the baseline did not finish: {missing}")
    print(f"Similar-proposal search — {search_n:,} stored proposals, 200 queries, top 5")
    _row("", "sori.text", "TF-IDF brute cos", "target")
    ours, base = _child("search", search_n, data), _child("search-base", search_n, data)
    if "error" in ours or "error" in base:
        print(f"  failed: {ours.get('error', '')} {base.get('error', '')}")
        return
    _row("p95 query ms, with reasons (first time)", f"{ours['p95_cold']:.1f}", f"{base['p95']:.1f}", "≤ 50")
    _row("p95 query ms, with reasons (repeat)", f"{ours['p95_warm']:.1f}", "")
    _row("p95 scoring only, ms", f"{ours['p95_scores']:.1f}", "")
    _row("build s / add ms", f"{ours['build']:.1f} / {ours['add_ms']:.1f}", f"{base['build']:.1f} / -")
    bench_meaning_search(data, search_n)


def bench_meaning_search(data: Path, n: int) -> None:
    print(f"Similar-by-meaning search — {n:,} stored vectors, 200 queries, top 5")
    _row("", "MeaningIndex", "", "target")
    m = _child("search-meaning", n, data)
    if "error" in m:
        print(f"  failed: {m['error']}")
        return
    _row("p95 query ms, encoding + search + reasons", f"{m['p95_total']:.1f}", "", "≤ 50")
    _row("p95 search only, ms", f"{m['p95_search']:.1f}", "")
    _row("top-5 agreement with exact search", f"{m['recall5']:.1%}", "")
    figures = f"{m['build']:.1f} / {m['encode_rate']:.0f} / {m['peak_mb']:.0f}"
    _row("build s / encoder texts/s / peak MB", figures, "")


def run(argv: list[str]) -> int:
    """Run the benchmark and print the figures; return the exit code."""
    parser = argparse.ArgumentParser(prog="sori bench text", description=__doc__)
    parser.add_argument(
        "--data",
        type=Path,
        default=_default_data(),
        help="folder with petitions-dev.jsonl and korsts/ (default ../shared/data or $SORI_SHARED_DATA)",
    )
    parser.add_argument("--quick", action="store_true", help="small sizes and one split (a few minutes)")
    parser.add_argument("--large", action="store_true", help="also organise 1,000,000 proposals")
    parser.add_argument(
        "--only",
        choices=["category", "similarity", "dedup", "clusters", "paraphrase", "scale", "meaning-search"],
        action="append",
        help="run only these parts (repeatable)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        help="worker processes for the end-to-end runs (default: 1 below 200,000 proposals, else 1 per CPU)",
    )
    parser.add_argument("--_child", help=argparse.SUPPRESS)
    parser.add_argument("--_n", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args._child:
        print(json.dumps(_run_child(args._child, args._n, args.data, args.workers or 1)))
        return 0
    if not (args.data / "petitions-dev.jsonl").is_file():
        print(
            f"sori bench text: {args.data}/petitions-dev.jsonl not found (use --data or SORI_SHARED_DATA)",
            file=sys.stderr,
        )
        return 2
    parts = set(args.only or ["category", "similarity", "dedup", "clusters", "paraphrase", "scale"])
    started = time.perf_counter()
    print(
        f"sori bench text — data {args.data}; {os.cpu_count()} CPUs; load average at start "
        f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}{'; quick' if args.quick else ''}",
        flush=True,
    )
    petitions = _petitions(args.data)
    if "category" in parts:
        bench_category(petitions, args.quick)
    if "similarity" in parts:
        bench_similarity(args.data, args.quick)
    if "dedup" in parts:
        bench_near_duplicates(synthetic(petitions, 6000, seed=2), args.quick)
    if "clusters" in parts:
        bench_clusters(petitions)
    if "paraphrase" in parts:
        bench_paraphrase()
    if "meaning-search" in parts and "scale" not in parts:
        bench_meaning_search(args.data, 10_000 if args.quick else 100_000)
    if "scale" in parts:
        bench_scale(
            args.data, 5_000 if args.quick else 50_000, 10_000 if args.quick else 100_000, args.workers
        )
        if args.large:
            bench_scale(args.data, 1_000_000, 100_000, args.workers)
    print(
        f"done in {time.perf_counter() - started:.0f} s; load average at end "
        f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
