"""Bulk chunk calls as plain JSON, so a task queue can carry them to other machines without pickle.

A call names one of the chunk functions of the bulk stages (an allow-list: nothing else can be called) and
carries its arguments; arrays travel as compressed base64, the fitted models as their arrays. Unpickling a
message from a broker could run any code; decoding one of these can only build data.
"""

from __future__ import annotations

import base64
import functools
import importlib
import zlib
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ._classify import Classifier, Prediction
from ._encoder import Encoder, TfidfHasher
from ._index import Doc

__all__ = ["CHUNK_FUNCTIONS", "RemoteMapper", "call_payloads", "decode", "encode", "run_call"]

# The chunk functions of the bulk stages, by "module:name".
CHUNK_FUNCTIONS = frozenset(
    {
        "sori.text._pipeline:_squash_all",
        "sori.text._pipeline:_annotate",
        "sori.text._pipeline:_default_model",
        "sori.text._encoder:_doc_freq_of",
        "sori.text._encoder:_embed_chunk",
        "sori.text._dedup:_signatures",
        "sori.text._cluster:_link_many",
        "sori.text._morph:nouns_in_worker",
        "sori.text._morph:chunks_in_worker",
    }
)


def _array(x: np.ndarray) -> dict[str, Any]:
    raw = zlib.compress(np.ascontiguousarray(x).tobytes(), 1)
    return {"nd": [x.dtype.str, list(x.shape), base64.b64encode(raw).decode("ascii")]}


def _from_array(spec: list[Any]) -> np.ndarray:
    dtype, shape, data = spec
    kind = np.dtype(dtype)
    if kind.kind not in "biuf":  # numbers only: an object array could not come from a chunk call
        raise ValueError(f"a chunk call carries numeric arrays, not {kind}")
    flat = np.frombuffer(zlib.decompress(base64.b64decode(data)), dtype=kind)
    return flat.reshape(shape).copy()


def encode(x: Any) -> Any:
    """Return ``x`` as JSON-able data (see :func:`decode`); refuses types a chunk call never carries."""
    if x is None or isinstance(x, bool | int | float | str):
        return x
    if isinstance(x, np.ndarray):
        return _array(x)
    if isinstance(x, list):
        return [encode(v) for v in x]
    if isinstance(x, tuple):
        return {"tuple": [encode(v) for v in x]}
    if isinstance(x, Doc):
        return {"doc": [x.id, x.text]}
    if isinstance(x, Prediction):
        return {"prediction": [x.label, x.score, list(x.top_features)]}
    if isinstance(x, Encoder):
        h = x.hasher
        return {"encoder": [_array(h.idf), h.n_fit, _array(x.columns), _array(x.components)]}
    if isinstance(x, Classifier):
        return {
            "classifier": [
                list(x.labels),
                list(x.vocabulary),
                _array(x.idf),
                _array(x.coef),
                _array(x.intercept),
            ]
        }
    raise TypeError(f"a chunk call cannot carry {type(x).__name__}")


def decode(x: Any) -> Any:
    """Return the value :func:`encode` turned into ``x``."""
    if isinstance(x, list):
        return [decode(v) for v in x]
    if not isinstance(x, dict):
        return x
    if len(x) != 1:
        raise ValueError("not a chunk call value")
    kind, body = next(iter(x.items()))
    if kind == "nd":
        return _from_array(body)
    if kind == "tuple":
        return tuple(decode(v) for v in body)
    if kind == "doc":
        return Doc(str(body[0]), str(body[1]))
    if kind == "prediction":
        return Prediction(str(body[0]), float(body[1]), tuple(str(f) for f in body[2]))
    if kind == "encoder":
        hasher = TfidfHasher(_from_array(body[0]["nd"]))
        hasher.n_fit = int(body[1])
        return Encoder(hasher, _from_array(body[2]["nd"]), _from_array(body[3]["nd"]))
    if kind == "classifier":
        labels, vocabulary, idf, coef, intercept = body
        return Classifier(
            labels, vocabulary, _from_array(idf["nd"]), _from_array(coef["nd"]), _from_array(intercept["nd"])
        )
    raise ValueError(f"unknown chunk call value {kind!r}")


def _name(fn: Callable[..., Any]) -> str:
    return f"{fn.__module__}:{fn.__qualname__}"


def call_payloads(fn: Callable[..., Any], items: Sequence[Any]) -> list[dict[str, Any]]:
    """Return the JSON-able calls of ``fn`` (a chunk function or a ``functools.partial`` of one) on each item.

    Bound arguments (a fitted model) are encoded once and shared by every call.
    """
    bound: Sequence[Any] = ()
    if isinstance(fn, functools.partial):
        if fn.keywords:
            raise ValueError("chunk calls take positional arguments only")
        bound, fn = fn.args, fn.func
    name = f"{fn.__module__}:{fn.__qualname__}"
    if name not in CHUNK_FUNCTIONS:
        raise ValueError(f"{name} is not a chunk function")
    head = [encode(a) for a in bound]
    return [{"fn": name, "args": [*head, encode(item)]} for item in items]


def run_call(payload: dict[str, Any]) -> Any:
    """Run a call made by :func:`call_payloads` and return its result, encoded."""
    name = payload.get("fn")
    if name not in CHUNK_FUNCTIONS:
        raise ValueError(f"{name!r} is not a chunk function")
    module, attr = str(name).split(":")
    fn = getattr(importlib.import_module(module), attr)
    return encode(fn(*decode(payload["args"])))


class RemoteMapper:
    """A :class:`Mapper` that hands the calls to ``send`` (for example a task queue) as JSON.

    ``send(payloads)`` must run :func:`run_call` on each payload, anywhere, and return the results in order.
    """

    parallel = True

    def __init__(self, send: Callable[[list[dict[str, Any]]], list[Any]]) -> None:
        self._send = send

    def __call__(self, fn: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
        return [decode(r) for r in self._send(call_payloads(fn, items))]
