"""Independent numpy forward pass of lab's engine, for the Swift test fixtures.

Reads a checkpoint saved by Swift (safetensors, parsed by hand here) and a token file (JSON:
{"tokens": [...], "weights": [...], "query_mask": [[layer, head], ...], "output_mask": [...]}),
computes in float64 the logits, the per-token losses, the mean loss and the weighted mean
loss, plus the logits under each head mask, and writes them as JSON.

Written from the architecture description (RMSNorm eps 1e-5, RoPE rotating (first half,
second half) pairs with base and linear position scaling, causal attention, SwiGLU, untied
embeddings, no biases), not from the Swift code.

Usage: python3 bench/reference_model.py CHECKPOINT TOKENS.json OUT.json
"""
import json, struct, sys
import numpy as np


def read_safetensors(path):
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    meta = header.pop("__metadata__", {})
    data = blob[8 + n:]
    tensors = {}
    for name, info in header.items():
        assert info["dtype"] == "F32", info
        b, e = info["data_offsets"]
        tensors[name] = np.frombuffer(data[b:e], dtype="<f4").reshape(info["shape"]).astype(np.float64)
    return tensors, meta


def rmsnorm(x, w, eps):
    return x / np.sqrt((x * x).mean(-1, keepdims=True) + eps) * w


def rope(x, base, scale):  # x (T, NH, HS)
    T, NH, HS = x.shape
    half = HS // 2
    inv = base ** (-np.arange(half) / half)
    ang = (np.arange(T)[:, None] / scale) * inv[None, :]  # (T, half)
    cos, sin = np.cos(ang)[:, None, :], np.sin(ang)[:, None, :]
    x1, x2 = x[..., :half], x[..., half:]
    return np.concatenate([x1 * cos - x2 * sin, x1 * sin + x2 * cos], axis=-1)


def forward(W, meta, tokens, query_mask=(), output_mask=()):
    L, NH, C = int(meta["n_layers"]), int(meta["n_heads"]), int(meta["dim"])
    base, scale, eps = float(meta["rope_theta"]), float(meta["rope_scaling_factor"]), float(meta["norm_eps"])
    HS = C // NH
    T = len(tokens)
    x = W["tok_embeddings.weight"][tokens]  # (T, C)
    causal = np.tril(np.ones((T, T), dtype=bool))
    for i in range(L):
        p = f"layers.{i}."
        h = rmsnorm(x, W[p + "attention_norm.weight"], eps)
        q = (h @ W[p + "attention.wq.weight"].T).reshape(T, NH, HS)
        k = (h @ W[p + "attention.wk.weight"].T).reshape(T, NH, HS)
        v = (h @ W[p + "attention.wv.weight"].T).reshape(T, NH, HS)
        q, k = rope(q, base, scale), rope(k, base, scale)
        for (l, hd) in query_mask:
            if l == i:
                q[:, hd, :] = 0
        out = np.zeros((T, NH, HS))
        for hd in range(NH):
            s = q[:, hd, :] @ k[:, hd, :].T / np.sqrt(HS)
            s = np.where(causal, s, -np.inf)
            s = s - s.max(-1, keepdims=True)
            pr = np.exp(s)
            pr /= pr.sum(-1, keepdims=True)
            out[:, hd, :] = pr @ v[:, hd, :]
        for (l, hd) in output_mask:
            if l == i:
                out[:, hd, :] = 0
        x = x + out.reshape(T, C) @ W[p + "attention.wo.weight"].T
        h = rmsnorm(x, W[p + "ffn_norm.weight"], eps)
        a, g = h @ W[p + "feed_forward.w1.weight"].T, h @ W[p + "feed_forward.w3.weight"].T
        x = x + (a / (1 + np.exp(-a)) * g) @ W[p + "feed_forward.w2.weight"].T
    x = rmsnorm(x, W["norm.weight"], eps)
    return x @ W["output.weight"].T  # (T, V)


def token_losses(logits, tokens):
    m = logits.max(-1, keepdims=True)
    lse = (m + np.log(np.exp(logits - m).sum(-1, keepdims=True)))[:, 0]
    return lse[:-1] - logits[np.arange(len(tokens) - 1), tokens[1:]]  # loss of tokens[1:]


def main():
    ckpt, tok_path, out_path = sys.argv[1:4]
    W, meta = read_safetensors(ckpt)
    spec = json.load(open(tok_path))
    tokens = np.array(spec["tokens"])
    weights = np.array(spec["weights"], dtype=np.float64)  # (T-1,) weights of tokens[1:]
    logits = forward(W, meta, tokens)
    losses = token_losses(logits, tokens)
    qm = [tuple(x) for x in spec["query_mask"]]
    om = [tuple(x) for x in spec["output_mask"]]
    result = {
        "logits": logits.ravel().tolist(),
        "losses": losses.tolist(),
        "mean_loss": float(losses.mean()),
        "weighted_loss": float((weights * losses).mean()),
        "logits_query_mask": forward(W, meta, tokens, query_mask=qm).ravel().tolist(),
        "logits_output_mask": forward(W, meta, tokens, output_mask=om).ravel().tolist(),
    }
    with open(out_path, "w") as f:
        json.dump(result, f)
    print(f"wrote {out_path}: mean loss {result['mean_loss']:.6f}, weighted loss {result['weighted_loss']:.6f}")


if __name__ == "__main__":
    main()
