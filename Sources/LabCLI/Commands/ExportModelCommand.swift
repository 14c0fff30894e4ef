import Foundation
import LabCore
import Ledger
import Pipeline

/// `lab export-model STEP_OR_KEY --format hf DIR`: a trained model as a Hugging Face Llama folder.
enum ExportModelCommand: Command {
    static let name = "export-model"
    static let summary = "write a trained model as a Hugging Face Llama folder (config.json, weights)"
    static let usage = """
    Usage: lab export-model STEP_OR_KEY --format hf DIR

    Reads model.safetensors of a step's artifact (STEP: a step id or name, from the newest run
    that has it; or KEY: a cache key, 8 hex digits or more) and writes DIR (which must not
    exist) as LlamaForCausalLM loads it: config.json (untied embeddings, no biases, linear RoPE
    scaling when the model has a factor other than 1, float32) and model.safetensors with the
    tensors renamed (model.layers.{i}.self_attn.q_proj.weight, …). No row is permuted: lab's
    RoPE pairs (j, j + head_size/2) as Hugging Face's rotate_half does. The folder is written
    under a temporary name and renamed into place.

      --format hf   the only format so far

    """
    static let options: Set<String> = ["format"]

    static func run(_ args: Arguments, _ env: CommandEnvironment) throws -> Int32 {
        guard args.positionals.count == 2 else { throw UsageError("lab export-model needs STEP_OR_KEY and DIR") }
        guard args.value("format") == "hf" else { throw UsageError("--format hf is required (the only format so far)") }
        let key = try findKey(args.positionals[0], env: env)
        let file = Workspace(home: env.home).artifactDirectory(key: key).appendingPathComponent("model.safetensors")
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw UsageError("artifacts/\(key) has no model.safetensors: name a train step")
        }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let target = URL(fileURLWithPath: args.positionals[1], relativeTo: cwd).standardizedFileURL
        guard !FileManager.default.fileExists(atPath: target.path) else { throw UsageError("\(target.path) already exists") }
        let (config, weights) = try HFLlama.export(try SafeTensorsFile.read(file))
        let scratch = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).tmp-\(getpid())")
        do { try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: false) } catch {
            throw ModelFormatError("cannot create \(scratch.path): \(ExportError.reason(error))")
        }
        var done = false
        defer { if !done { try? FileManager.default.removeItem(at: scratch) } }
        try HFLlama.write(Data((config.prettyJSON + "\n").utf8), to: scratch.appendingPathComponent("config.json"))
        let layers = config["num_hidden_layers"].intValue ?? 0
        try HFLlama.write(weights.encoded(order: HFLlama.names(layers: layers).map(\.hf)),
                          to: scratch.appendingPathComponent("model.safetensors"))
        guard rename(scratch.path, target.path) == 0 else {
            throw ModelFormatError("cannot move \(scratch.path) to \(target.path): \(String(cString: strerror(errno)))")
        }
        done = true
        env.output.line("wrote \(RunCommand.relativeToCurrentDirectory(target)) (config.json, model.safetensors) from artifacts/\(key)")
        return ExitCodes.success
    }

    /// A cache key (a unique prefix of at least 8 hex digits) or a step id / name of the newest run having it.
    static func findKey(_ text: String, env: CommandEnvironment) throws -> String {
        let fm = FileManager.default
        if text.count >= 8, text.allSatisfy(\.isHexDigit) {
            let keys = ((try? fm.contentsOfDirectory(atPath: env.artifactsDirectory.path)) ?? []).filter { $0.hasPrefix(text.lowercased()) }
            if keys.count == 1 { return keys[0] }
            if keys.count > 1 { throw UsageError("\(text) is the start of \(keys.count) keys: give more digits") }
        }
        let ledger = try LedgerStore.existing(inWorkspace: env.home)
        for run in try ledger.runs() {
            let steps = try ledger.steps(runID: run.id, details: false)
            let matches = steps.filter { ($0.stepID == text || $0.name == text) && ($0.status == .ran || $0.status == .cached) }
            if matches.count == 1 { return matches[0].key }
            if matches.count > 1 {
                throw UsageError("'\(text)' names \(matches.count) variants in run \(run.id): give one id, e.g. '\(matches[0].stepID)'")
            }
        }
        throw UsageError("no step or key '\(text)' in this workspace")
    }
}
