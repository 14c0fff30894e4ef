import Foundation
import LabCore

/// Raw little-endian float32 files: no header, the shape lives in a JSON file beside them.
enum FloatFile {
    static func write(_ values: [Float], to url: URL) throws {
        var data = Data(capacity: values.count * 4)
        for v in values {
            var bits = v.bitPattern.littleEndian
            withUnsafeBytes(of: &bits) { data.append(contentsOf: $0) }
        }
        do { try data.write(to: url, options: .atomic) } catch {
            throw OperationError.failed("cannot write \(url.path): \(error.localizedDescription)")
        }
    }

    /// Reads exactly `count` floats (a different size is an error naming the file).
    static func read(_ url: URL, count: Int) throws -> [Float] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw OperationError.failed("cannot read \(url.path): \(error.localizedDescription)")
        }
        guard data.count == count * 4 else {
            throw OperationError.failed("\(url.path): \(data.count) bytes, expected \(count) float32 values (\(count * 4) bytes)")
        }
        var out = [Float](repeating: 0, count: count)
        data.withUnsafeBytes { raw in
            for i in 0..<count {
                out[i] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)))
            }
        }
        return out
    }
}
