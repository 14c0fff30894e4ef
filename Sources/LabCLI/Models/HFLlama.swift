import Foundation
import LabCore

/// The mapping between a `lab` checkpoint (Engine/CHECKPOINTS.md: Meta's names, F32, config in
/// the metadata) and a Hugging Face `LlamaForCausalLM` folder (`config.json` and
/// `model.safetensors`). Tensors are renamed only: lab's RoPE pairs element j with j + HS/2, as
/// HF's `rotate_half` does, so no q/k rows are permuted. (Meta's reference `model.py` rotates
/// interleaved pairs: loading a lab file there needs the wq/wk rows permuted.)
enum HFLlama {
    /// lab name → HF name, for every tensor of a model with `layers` layers.
    static func names(layers: Int) -> [(lab: String, hf: String)] {
        var pairs: [(String, String)] = [("tok_embeddings.weight", "model.embed_tokens.weight")]
        for i in 0..<layers {
            let l = "layers.\(i).", h = "model.layers.\(i)."
            pairs += [
                (l + "attention_norm.weight", h + "input_layernorm.weight"),
                (l + "attention.wq.weight", h + "self_attn.q_proj.weight"),
                (l + "attention.wk.weight", h + "self_attn.k_proj.weight"),
                (l + "attention.wv.weight", h + "self_attn.v_proj.weight"),
                (l + "attention.wo.weight", h + "self_attn.o_proj.weight"),
                (l + "ffn_norm.weight", h + "post_attention_layernorm.weight"),
                (l + "feed_forward.w1.weight", h + "mlp.gate_proj.weight"),
                (l + "feed_forward.w3.weight", h + "mlp.up_proj.weight"),
                (l + "feed_forward.w2.weight", h + "mlp.down_proj.weight"),
            ]
        }
        pairs += [("norm.weight", "model.norm.weight"), ("output.weight", "lm_head.weight")]
        return pairs
    }

    /// `config.json` for a lab checkpoint's metadata: untied embeddings, no biases, linear RoPE
    /// scaling (only when the factor is not 1).
    static func config(metadata m: [String: String]) throws -> Value {
        func int(_ key: String) throws -> Int {
            guard let v = m[key].flatMap(Int.init) else { throw ModelFormatError("checkpoint metadata \(key) missing") }
            return v
        }
        let dim = try int("dim"), heads = try int("n_heads")
        let factor = m["rope_scaling_factor"].flatMap(Double.init) ?? 1
        return .object([
            "architectures": .array([.string("LlamaForCausalLM")]), "model_type": .string("llama"),
            "vocab_size": .int(try int("vocab_size")), "hidden_size": .int(dim),
            "intermediate_size": .int(try int("hidden_dim")), "num_hidden_layers": .int(try int("n_layers")),
            "num_attention_heads": .int(heads), "num_key_value_heads": .int(heads), "head_dim": .int(dim / max(1, heads)),
            "max_position_embeddings": .int(try int("context")),
            "rope_theta": .double(m["rope_theta"].flatMap(Double.init) ?? 10000),
            "rope_scaling": factor == 1 ? .null : .object(["rope_type": .string("linear"), "type": .string("linear"), "factor": .double(factor)]),
            "rms_norm_eps": .double(m["norm_eps"].flatMap(Double.init) ?? 1e-5),
            "tie_word_embeddings": .bool(false), "attention_bias": .bool(false), "mlp_bias": .bool(false),
            "hidden_act": .string("silu"), "torch_dtype": .string("float32"),
        ])
    }

    /// lab's checkpoint metadata for an HF config, or an error naming what lab cannot run:
    /// grouped-query attention, biases, another activation or RoPE type.
    static func metadata(config c: Value, context: Int?) throws -> [String: String] {
        func int(_ key: String) throws -> Int {
            guard let v = c[key].intValue else { throw ModelFormatError("config.json: \(key) missing or not an integer") }
            return v
        }
        if let type = c["model_type"].stringValue, type != "llama" {
            throw ModelFormatError("config.json: model_type '\(type)'; lab runs Llama models only")
        }
        let heads = try int("num_attention_heads"), dim = try int("hidden_size")
        if let kv = c["num_key_value_heads"].intValue, kv != heads {
            throw ModelFormatError("config.json: grouped-query attention (num_key_value_heads \(kv) ≠ num_attention_heads \(heads)) is not supported")
        }
        for key in ["attention_bias", "mlp_bias"] where c[key].boolValue == true {
            throw ModelFormatError("config.json: \(key) is true; lab's Llama has no biases")
        }
        if let act = c["hidden_act"].stringValue, act != "silu" {
            throw ModelFormatError("config.json: hidden_act '\(act)'; lab's MLP is SwiGLU (silu)")
        }
        if let headDim = c["head_dim"].intValue, headDim * heads != dim {
            throw ModelFormatError("config.json: head_dim \(headDim) × \(heads) heads ≠ hidden_size \(dim)")
        }
        var factor = 1.0
        if let scaling = c["rope_scaling"].objectValue {
            let type = scaling["rope_type"]?.stringValue ?? scaling["type"]?.stringValue ?? "?"
            guard type == "linear", let f = scaling["factor"]?.doubleValue else {
                throw ModelFormatError("config.json: rope_scaling type '\(type)' is not supported (lab has linear scaling only)")
            }
            factor = f
        }
        let positions = try context ?? int("max_position_embeddings")
        return [
            "format": "lab-llama-f32-v1",
            "vocab_size": String(try int("vocab_size")), "n_layers": String(try int("num_hidden_layers")),
            "n_heads": String(heads), "dim": String(dim), "hidden_dim": String(try int("intermediate_size")),
            "context": String(positions),
            "rope_theta": String(c["rope_theta"].doubleValue ?? 10000), "rope_scaling_factor": String(factor),
            "norm_eps": String(Float(c["rms_norm_eps"].doubleValue ?? 1e-5)),
        ]
    }

    /// A lab checkpoint as an HF folder's two files.
    static func export(_ lab: SafeTensorsFile) throws -> (config: Value, weights: SafeTensorsFile) {
        guard let layers = lab.metadata["n_layers"].flatMap(Int.init) else { throw ModelFormatError("not a lab checkpoint (no n_layers)") }
        var tensors: [String: SafeTensorsFile.Tensor] = [:]
        for (from, to) in names(layers: layers) {
            guard let t = lab.tensors[from] else { throw ModelFormatError("the checkpoint has no tensor \(from)") }
            tensors[to] = t
        }
        return (try config(metadata: lab.metadata), SafeTensorsFile(tensors: tensors, metadata: ["format": "pt"]))
    }

    /// An HF folder's config and weights as a lab checkpoint. A tied model (no `lm_head.weight`,
    /// `tie_word_embeddings`) gets the embedding as its output matrix; a bias or any other
    /// extra tensor is refused.
    static func importing(config: Value, weights: SafeTensorsFile, context: Int?) throws -> SafeTensorsFile {
        let metadata = try metadata(config: config, context: context)
        let layers = Int(metadata["n_layers"]!)!
        var source = weights.tensors
        if source["lm_head.weight"] == nil, config["tie_word_embeddings"].boolValue ?? true {
            source["lm_head.weight"] = source["model.embed_tokens.weight"]
        }
        let pairs = names(layers: layers)
        if let bias = source.keys.sorted().first(where: { $0.hasSuffix(".bias") }) {
            throw ModelFormatError("the weights hold a bias (\(bias)); lab's Llama has none")
        }
        let known = Set(pairs.map(\.hf))
        if let extra = source.keys.sorted().first(where: { !known.contains($0) && !$0.hasSuffix("rotary_emb.inv_freq") }) {
            throw ModelFormatError("the weights hold \(extra), which lab's Llama has no place for")
        }
        var tensors: [String: SafeTensorsFile.Tensor] = [:]
        for (lab, hf) in pairs {
            guard let t = source[hf] else { throw ModelFormatError("the weights lack \(hf)") }
            tensors[lab] = t
        }
        return SafeTensorsFile(tensors: tensors, metadata: metadata)
    }

    /// Writes `data` to `url` atomically (a temporary name in the same folder, then rename).
    static func write(_ data: Data, to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        do { try data.write(to: temporary) } catch {
            throw ModelFormatError("cannot write \(url.path): \(ExportError.reason(error))")
        }
        guard rename(temporary.path, url.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw ModelFormatError("cannot write \(url.path): \(String(cString: strerror(errno)))")
        }
    }
}
