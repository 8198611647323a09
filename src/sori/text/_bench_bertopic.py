"""BERTopic as a benchmark baseline: topics of documents from vectors we already made (optional extra).

Only the benchmark uses this; BERTopic and its dependencies come with ``pip install 'sori[bench]'`` (install
CPU torch first, see pyproject.toml). Nothing is downloaded at run time: the document vectors are passed in
and no embedding model is loaded.
"""

from __future__ import annotations

import numpy as np

__all__ = ["NOT_INSTALLED", "bertopic_labels"]

NOT_INSTALLED = "not installed (pip install 'sori[bench]')"


def bertopic_labels(texts: list[str], emb: np.ndarray, seed: int = 0) -> np.ndarray | str:
    """Return BERTopic's topic of each of ``texts`` (``-1`` = outlier) as an int64 array, or why it cannot.

    ``emb`` holds one precomputed vector per text (row ``i`` for ``texts[i]``); BERTopic gets
    ``embedding_model=None`` and ``embeddings=emb``, so no model is loaded or downloaded. BERTopic's defaults
    are kept: UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine") – only ``random_state=seed``
    is added so runs repeat – then HDBSCAN(min_cluster_size=10, metric="euclidean",
    cluster_selection_method="eom") (``min_topic_size=10``), no topic reduction, and the default
    CountVectorizer, whose c-TF-IDF only names topics and does not change the assignment. Returns the string
    ``NOT_INSTALLED`` if bertopic (or umap-learn) cannot be imported.
    """
    try:
        from bertopic import BERTopic
        from umap import UMAP
    except ImportError:
        return NOT_INSTALLED
    if len(texts) != emb.shape[0]:
        raise ValueError(f"{len(texts)} texts but {emb.shape[0]} vectors")
    umap_model = UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=seed)
    model = BERTopic(embedding_model=None, umap_model=umap_model, min_topic_size=10)
    topics, _probs = model.fit_transform(texts, embeddings=np.asarray(emb, dtype=np.float32))
    out: np.ndarray = np.asarray(topics, dtype=np.int64)
    return out
