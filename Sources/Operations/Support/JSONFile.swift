import Foundation
import LabCore

/// Small JSON side files (headers, configs), written with sorted keys so they are stable.
enum JSONFile {
    static func write<T: Encodable>(_ value: T, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        do { try encoder.encode(value).write(to: url, options: .atomic) } catch {
            throw OperationError.failed("cannot write \(url.path): \(error)")
        }
    }

    static func read<T: Decodable>(_ type: T.Type, from url: URL, parameter: String, what: String) throws -> T {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw OperationError.badParameter(parameter, "not \(what): cannot read \(url.lastPathComponent) (\(error.localizedDescription))")
        }
        do { return try JSONDecoder().decode(type, from: data) } catch {
            throw OperationError.badParameter(parameter, "not \(what): \(url.lastPathComponent) is malformed (\(error))")
        }
    }
}
