/// Every failure of the `Tasks` module: a bad configuration, a bad input file, a bad
/// tokenizer or corpus file. The message names the parameter or the file.
public enum TaskError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A configuration value out of range: the parameter's name and why.
    case invalidConfig(parameter: String, reason: String)
    /// An unknown task name.
    case unknownTask(String)
    /// A user text file could not be read.
    case unreadableFile(path: String, reason: String)
    /// A user text file is not valid UTF-8 (byte offset of the first bad byte).
    case invalidUTF8(path: String, byteOffset: Int)
    /// A tokenizer file that is missing, not JSON, or inconsistent.
    case badTokenizerFile(path: String, reason: String)
    /// A corpus directory that is missing a file, or whose files disagree.
    case badCorpus(path: String, reason: String)
    /// A file could not be written.
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidConfig(let parameter, let reason):
            return "invalid task parameter '\(parameter)': \(reason)"
        case .unknownTask(let name):
            return "unknown task '\(name)' (known: \(TaskKind.allCases.map(\.rawValue).joined(separator: ", ")))"
        case .unreadableFile(let path, let reason):
            return "\(path): cannot read: \(reason)"
        case .invalidUTF8(let path, let offset):
            return "\(path): not valid UTF-8 (first bad byte at offset \(offset))"
        case .badTokenizerFile(let path, let reason):
            return "\(path): not a valid tokenizer file: \(reason)"
        case .badCorpus(let path, let reason):
            return "\(path): not a valid corpus: \(reason)"
        case .writeFailed(let path, let reason):
            return "\(path): cannot write: \(reason)"
        }
    }
}
