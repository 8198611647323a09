"""Korean text core of Sori: normalise, deduplicate, find similar, cluster, classify and summarise proposals.

Pure Python (numpy, scipy, scikit-learn, kiwipiepy); imports nothing from Django or Celery. Functions take
and return plain data and frozen dataclasses. Kiwi loads lazily on first use of a morphology-based function.
"""

from ._bulk import Mapper
from ._classify import (
    CATEGORIES,
    Classifier,
    Prediction,
    default_classifier,
    load_classifier,
    train_classifier,
)
from ._cluster import Clustering, ClusterLabel, DemandIndex, cluster
from ._index import Doc, Match, SimilarityIndex
from ._morph import keywords
from ._normalize import normalize
from ._pipeline import Organised, find_repeats, near_duplicates, organise
from ._similarity import similarities, similarity
from ._summary import summarize

__all__ = [
    "CATEGORIES",
    "Classifier",
    "ClusterLabel",
    "Clustering",
    "DemandIndex",
    "Doc",
    "Mapper",
    "Match",
    "Organised",
    "Prediction",
    "SimilarityIndex",
    "cluster",
    "default_classifier",
    "find_repeats",
    "keywords",
    "load_classifier",
    "near_duplicates",
    "normalize",
    "organise",
    "similarities",
    "similarity",
    "summarize",
    "train_classifier",
]
