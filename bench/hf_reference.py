#!/usr/bin/env python3
"""Writes the Hugging Face LlamaForCausalLM layout of a lab checkpoint with numpy alone, as an
independent reference for `lab export-model --format hf` (Tests/CLITests/ModelExportTests.swift).

    python3 bench/hf_reference.py Tests/EngineTests/Fixtures/reference.safetensors Tests/CLITests/Fixtures/hf-reference

Writes OUT/model.safetensors (F32, HF names) and OUT/config.json. The mapping is written out here
by hand from transformers' Llama (modeling_llama.py) names; no row is permuted, because lab's
RoPE pairs (j, j + head_size/2) as HF's rotate_half does.

To check a real export with transformers (not in CI):

    from transformers import LlamaForCausalLM
    m = LlamaForCausalLM.from_pretrained("DIR", torch_dtype="float32")
    logits = m(torch.tensor([tokens])).logits   # compare with lab's logits for the same tokens
"""
import json, struct, sys
import numpy as np

def read(path):
    blob = open(path, "rb").read()
    n = struct.unpack("<Q", blob[:8])[0]
    header = json.loads(blob[8:8 + n])
    meta = header.pop("__metadata__", {})
    tensors = {}
    for name, e in header.items():
        b, end = e["data_offsets"]
        tensors[name] = np.frombuffer(blob[8 + n + b: 8 + n + end], "<f4").reshape(e["shape"])
    return tensors, meta

def write(path, tensors):
    header, offset, chunks = {"__metadata__": {"format": "pt"}}, 0, []
    for name in sorted(tensors):
        data = np.ascontiguousarray(tensors[name], dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        chunks.append(data)
    h = json.dumps(header).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(chunks))

lab, meta = read(sys.argv[1])
L = int(meta["n_layers"])
hf = {"model.embed_tokens.weight": lab["tok_embeddings.weight"], "model.norm.weight": lab["norm.weight"],
      "lm_head.weight": lab["output.weight"]}
for i in range(L):
    a, m = f"layers.{i}.", f"model.layers.{i}."
    for ours, theirs in [("attention_norm", "input_layernorm"), ("ffn_norm", "post_attention_layernorm"),
                         ("attention.wq", "self_attn.q_proj"), ("attention.wk", "self_attn.k_proj"),
                         ("attention.wv", "self_attn.v_proj"), ("attention.wo", "self_attn.o_proj"),
                         ("feed_forward.w1", "mlp.gate_proj"), ("feed_forward.w3", "mlp.up_proj"),
                         ("feed_forward.w2", "mlp.down_proj")]:
        hf[m + theirs + ".weight"] = lab[a + ours + ".weight"]
write(sys.argv[2] + "/model.safetensors", hf)
factor = float(meta.get("rope_scaling_factor", "1"))
config = {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": int(meta["vocab_size"]),
          "hidden_size": int(meta["dim"]), "intermediate_size": int(meta["hidden_dim"]), "num_hidden_layers": L,
          "num_attention_heads": int(meta["n_heads"]), "num_key_value_heads": int(meta["n_heads"]),
          "max_position_embeddings": int(meta["context"]), "rope_theta": float(meta["rope_theta"]),
          "rope_scaling": None if factor == 1 else {"rope_type": "linear", "factor": factor},
          "rms_norm_eps": float(meta["norm_eps"]), "tie_word_embeddings": False, "attention_bias": False,
          "mlp_bias": False, "hidden_act": "silu"}
json.dump(config, open(sys.argv[2] + "/config.json", "w"), indent=2)
