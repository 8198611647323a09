import subprocess
import sys
import textwrap

import sori.text

EXPECTED = [
    "CATEGORIES",
    "MODEL_NAME",
    "MODEL_VERSION",
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
    "VECTOR_DIM",
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


def test_public_surface_is_pinned() -> None:
    assert sorted(sori.text.__all__) == sorted(EXPECTED)
    for name in EXPECTED:
        assert hasattr(sori.text, name)


def test_text_core_imports_without_django_or_celery() -> None:
    code = textwrap.dedent("""
        import importlib.abc, sys
        class Block(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in {"django", "celery"}:
                    raise ImportError("blocked: " + name)
                return None
        sys.meta_path.insert(0, Block())
        import pkgutil, importlib
        import sori.text
        for mod in pkgutil.walk_packages(sori.text.__path__, "sori.text."):
            if mod.name != "sori.text.__main__":
                importlib.import_module(mod.name)
        import sori.text.cli, sori.text.bench
        assert not any(m.split(".")[0] in {"django", "celery"} for m in sys.modules)
        print("ok")
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
