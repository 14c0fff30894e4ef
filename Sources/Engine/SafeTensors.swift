import LabCore
import Foundation

#if _endian(big)
#error("safetensors data is little-endian; this engine copies Float bytes as they are in memory")
#endif

/// A minimal safetensors reader/writer for F32 tensors.
///
/// Layout: 8-byte little-endian header length N, N bytes of JSON header
/// `{"__metadata__": {string: string}, NAME: {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, ...}`
/// padded with spaces to a multiple of 8, then the raw data; offsets are relative to the data.
enum SafeTensors {
    struct Entry: Equatable {
        let shape: [Int]
        /// Byte range inside the data section.
        let range: Range<Int>
    }

    struct File {
        let metadata: [String: String]
        let entries: [String: Entry]
        /// The whole file; tensor data starts at `dataStart`.
        let bytes: Data
        let dataStart: Int

        /// Copies tensor `name` (already validated) into `destination`.
        func copy(_ name: String, into destination: UnsafeMutablePointer<Float>) {
            guard let e = entries[name] else { return }
            bytes.withUnsafeBytes { raw in
                let src = UnsafeRawBufferPointer(rebasing: raw[(dataStart + e.range.lowerBound)..<(dataStart + e.range.upperBound)])
                UnsafeMutableRawBufferPointer(start: destination, count: e.range.count).copyMemory(from: src)
            }
        }
    }

    /// Largest header we accept (the format's reference implementation uses 100 MB).
    static let maximumHeaderLength = 100_000_000

    /// Parses and checks the structure: header length, JSON, dtype, shapes, offsets within the
    /// file, offsets matching shapes, no overlaps. Does not check names (the model does).
    static func parse(_ bytes: Data, path: String) throws -> File {
        func bad(_ reason: String) -> EngineError { .badCheckpoint(path: path, reason: reason) }
        guard bytes.count >= 8 else { throw bad("file is \(bytes.count) bytes, shorter than the 8-byte header length") }
        let headerLength = bytes.withUnsafeBytes { raw -> UInt64 in
            var n: UInt64 = 0
            for i in 0..<8 { n |= UInt64(raw[i]) << (8 * UInt64(i)) }
            return n
        }
        guard headerLength >= 2, headerLength <= UInt64(maximumHeaderLength) else {
            throw bad("header length \(headerLength) is not plausible (2 ... \(maximumHeaderLength) bytes)")
        }
        let n = Int(headerLength)
        guard 8 + n <= bytes.count else {
            throw bad("header claims \(n) bytes but the file has only \(bytes.count - 8) after the length (truncated?)")
        }
        let headerData = bytes.subdata(in: 8..<(8 + n))
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: headerData) } catch {
            throw bad("header is not valid JSON")
        }
        guard let header = object as? [String: Any] else { throw bad("header is not a JSON object") }
        let dataStart = 8 + n, dataSize = bytes.count - dataStart

        var metadata: [String: String] = [:]
        if let meta = header["__metadata__"] {
            guard let dict = meta as? [String: Any] else { throw bad("__metadata__ is not an object") }
            for (k, v) in dict {
                guard let s = v as? String else { throw bad("__metadata__.\(k) is not a string") }
                metadata[k] = s
            }
        }
        var entries: [String: Entry] = [:]
        for (name, value) in header where name != "__metadata__" {
            guard let info = value as? [String: Any] else { throw bad("tensor \(name): entry is not an object") }
            guard let dtype = info["dtype"] as? String else { throw bad("tensor \(name): no dtype") }
            guard dtype == "F32" else { throw bad("tensor \(name): dtype \(dtype), only F32 is supported") }
            guard let shapeValues = info["shape"] as? [Any], let shape = integers(shapeValues), shape.allSatisfy({ $0 >= 0 }) else {
                throw bad("tensor \(name): shape is not a list of non-negative integers")
            }
            guard let offsetValues = info["data_offsets"] as? [Any], let offsets = integers(offsetValues), offsets.count == 2 else {
                throw bad("tensor \(name): data_offsets is not a pair of integers")
            }
            let (begin, end) = (offsets[0], offsets[1])
            guard begin >= 0, begin <= end else { throw bad("tensor \(name): data_offsets [\(begin), \(end)] are not ordered") }
            guard end <= dataSize else {
                throw bad("tensor \(name): data_offsets end \(end) lies beyond the \(dataSize) data bytes (truncated?)")
            }
            var elements = 1
            for d in shape {
                let (product, overflow) = elements.multipliedReportingOverflow(by: d)
                guard !overflow else { throw bad("tensor \(name): shape \(shape) is too large") }
                elements = product
            }
            let (bytes, bytesOverflow) = elements.multipliedReportingOverflow(by: 4)
            guard !bytesOverflow else { throw bad("tensor \(name): shape \(shape) is too large") }
            guard end - begin == bytes else {
                throw bad("tensor \(name): shape \(shape) needs \(bytes) bytes but data_offsets span \(end - begin)")
            }
            entries[name] = Entry(shape: shape, range: begin..<end)
        }
        // No two tensors may share bytes.
        let sorted = entries.sorted { ($0.value.range.lowerBound, $0.key) < ($1.value.range.lowerBound, $1.key) }
        for (previous, next) in zip(sorted, sorted.dropFirst()) where next.value.range.lowerBound < previous.value.range.upperBound {
            throw bad("tensors \(previous.key) and \(next.key) overlap (data_offsets \(previous.value.range) and \(next.value.range))")
        }
        return File(metadata: metadata, entries: entries, bytes: bytes, dataStart: dataStart)
    }

    /// Integers from JSON numbers (rejects fractions, booleans and strings).
    private static func integers(_ values: [Any]) -> [Int]? {
        var out: [Int] = []
        for v in values {
            guard let number = v as? NSNumber else { return nil }
            let d = number.doubleValue
            guard d.isFinite, d == d.rounded(), abs(d) < 1e15 else { return nil }
            out.append(Int(d))
        }
        return out
    }

    /// A tensor to write: its name, shape and Floats (row-major).
    struct Tensor {
        let name: String
        let shape: [Int]
        let data: UnsafeBufferPointer<Float>
    }

    /// Serialises tensors (in the given order, contiguous) with `metadata`.
    static func encode(_ tensors: [Tensor], metadata: [String: String]) -> Data {
        func jsonString(_ s: String) -> String { Value.string(s).canonicalJSON }
        var parts: [String] = []
        if !metadata.isEmpty {
            let meta = metadata.keys.sorted().map { "\(jsonString($0)):\(jsonString(metadata[$0]!))" }.joined(separator: ",")
            parts.append("\"__metadata__\":{\(meta)}")
        }
        var offset = 0
        for t in tensors {
            let bytes = t.data.count * 4
            let shape = t.shape.map(String.init).joined(separator: ",")
            parts.append("\(jsonString(t.name)):{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + bytes)]}")
            offset += bytes
        }
        var header = Array(("{" + parts.joined(separator: ",") + "}").utf8)
        while header.count % 8 != 0 { header.append(0x20) }  // pad with spaces: data starts 8-aligned
        var out = Data(capacity: 8 + header.count + offset)
        var length = UInt64(header.count).littleEndian
        withUnsafeBytes(of: &length) { out.append(contentsOf: $0) }
        out.append(contentsOf: header)
        for t in tensors { out.append(UnsafeBufferPointer(start: t.data.baseAddress, count: t.data.count)) }
        return out
    }
}
