import Foundation
import LabCore

/// A safetensors file as the model converters need it: tensors by name (F32, F16 or BF16 on
/// reading, always F32 on writing) and the string metadata. The engine has its own strict F32
/// reader; this one exists so `lab export-model` / `lab import-model` can rename tensors
/// without touching the engine.
struct SafeTensorsFile {
    struct Tensor {
        var shape: [Int]
        var values: [Float]
    }

    var tensors: [String: Tensor]
    var metadata: [String: String]

    init(tensors: [String: Tensor], metadata: [String: String]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    static func read(_ url: URL) throws -> SafeTensorsFile {
        func bad(_ reason: String) -> ModelFormatError { ModelFormatError("\(url.path): \(reason)") }
        guard let data = FileManager.default.contents(atPath: url.path) else { throw bad("cannot read the file") }
        let bytes = [UInt8](data)
        guard bytes.count >= 8 else { throw bad("shorter than a safetensors header") }
        var n: UInt64 = 0
        for i in 0..<8 { n |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        guard n >= 2, n <= 100_000_000, 8 + Int(n) <= bytes.count else { throw bad("header length \(n) is not plausible") }
        let header: Value
        do { header = try Value.parseJSON(bytes: Array(bytes[8..<(8 + Int(n))])) } catch { throw bad("header is not JSON: \(error)") }
        guard let object = header.objectValue else { throw bad("header is not a JSON object") }
        let dataStart = 8 + Int(n)
        var tensors: [String: Tensor] = [:]
        var metadata: [String: String] = [:]
        for (name, entry) in object {
            if name == "__metadata__" {
                metadata = (entry.objectValue ?? [:]).compactMapValues(\.stringValue)
                continue
            }
            guard let dtype = entry["dtype"].stringValue, let shape = entry["shape"].arrayValue?.compactMap(\.intValue),
                  let offsets = entry["data_offsets"].arrayValue?.compactMap(\.intValue), offsets.count == 2,
                  shape.allSatisfy({ $0 >= 0 }) else { throw bad("tensor \(name): malformed entry") }
            let count = shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue }
            let width: Int
            switch dtype {
            case "F32": width = 4
            case "F16", "BF16": width = 2
            default: throw bad("tensor \(name) is \(dtype); only F32, F16 and BF16 are read")
            }
            let begin = dataStart + offsets[0], end = dataStart + offsets[1]
            guard offsets[0] >= 0, begin <= end, end <= bytes.count, end - begin == count * width else {
                throw bad("tensor \(name): data offsets do not match its shape or the file")
            }
            var values = [Float](repeating: 0, count: count)
            for i in 0..<count {
                let at = begin + i * width
                switch dtype {
                case "F32":
                    values[i] = Float(bitPattern: UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24)
                case "BF16":
                    values[i] = Float(bitPattern: (UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8) << 16)
                default:
                    values[i] = Float(Float16(bitPattern: UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8))
                }
            }
            tensors[name] = Tensor(shape: shape, values: values)
        }
        return SafeTensorsFile(tensors: tensors, metadata: metadata)
    }

    /// The file's bytes: tensors in `order` (F32, little-endian, back to back), the header
    /// padded with spaces to a multiple of 8.
    func encoded(order: [String]) -> Data {
        var header: [String: Value] = [:]
        if !metadata.isEmpty { header["__metadata__"] = .object(metadata.mapValues(Value.string)) }
        var offset = 0
        for name in order {
            guard let tensor = tensors[name] else { continue }
            let size = tensor.values.count * 4
            header[name] = .object(["dtype": .string("F32"), "shape": .array(tensor.shape.map(Value.int)),
                                    "data_offsets": .array([.int(offset), .int(offset + size)])])
            offset += size
        }
        var json = Array(Value.object(header).canonicalJSON.utf8)
        while json.count % 8 != 0 { json.append(0x20) }
        var data = Data(capacity: 8 + json.count + offset)
        var length = UInt64(json.count).littleEndian
        withUnsafeBytes(of: &length) { data.append(contentsOf: $0) }
        data.append(contentsOf: json)
        for name in order {
            guard let tensor = tensors[name] else { continue }
            tensor.values.withUnsafeBufferPointer { data.append(UnsafeBufferPointer(start: UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: UInt8.self), count: $0.count * 4)) }
        }
        return data
    }
}

/// A model file or folder that cannot be converted (exit status 1).
struct ModelFormatError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
