import Foundation
import LabCore

/// Typed reads of an operation's parameters (defaults already filled in by the runner), each
/// failure an `OperationError.badParameter` naming the parameter by its dotted path.
struct ParamReader {
    let params: [String: Value]
    /// Prefix for names in messages (`model.` when reading the `model` mapping).
    let prefix: String

    init(_ params: [String: Value], prefix: String = "") {
        self.params = params
        self.prefix = prefix
    }

    func bad(_ name: String, _ message: String) -> OperationError {
        .badParameter(prefix + name, message)
    }

    func isGiven(_ name: String) -> Bool { !(params[name] ?? .null).isNull }

    func int(_ name: String) throws -> Int {
        guard let value = params[name], !value.isNull else { throw bad(name, "is required") }
        guard let int = value.intValue else { throw bad(name, "expected an integer, got \(value.typeDescription)") }
        return int
    }

    func optionalInt(_ name: String) throws -> Int? { isGiven(name) ? try int(name) : nil }

    func double(_ name: String) throws -> Double {
        guard let value = params[name], !value.isNull else { throw bad(name, "is required") }
        guard let number = value.doubleValue, number.isFinite else {
            throw bad(name, "expected a finite number, got \(value.typeDescription)")
        }
        return number
    }

    func optionalDouble(_ name: String) throws -> Double? { isGiven(name) ? try double(name) : nil }

    func string(_ name: String) throws -> String {
        guard let value = params[name], !value.isNull else { throw bad(name, "is required") }
        guard let string = value.stringValue else { throw bad(name, "expected a string, got \(value.typeDescription)") }
        return string
    }

    func optionalString(_ name: String) throws -> String? { isGiven(name) ? try string(name) : nil }

    func bool(_ name: String) throws -> Bool {
        guard let value = params[name], !value.isNull else { throw bad(name, "is required") }
        guard let bool = value.boolValue else { throw bad(name, "expected true or false, got \(value.typeDescription)") }
        return bool
    }

    func object(_ name: String) throws -> [String: Value]? {
        guard let value = params[name], !value.isNull else { return nil }
        guard let object = value.objectValue, StepReference.stepID(in: value) == nil else {
            throw bad(name, "expected a mapping, got \(value.typeDescription)")
        }
        return object
    }

    /// A step output at run time: the artifact directory the runner put in place of `${steps.X}`.
    func directory(_ name: String) throws -> URL {
        guard let value = params[name], !value.isNull else { throw bad(name, "is required") }
        guard let path = value.stringValue else {
            throw bad(name, "expected a step output (a directory path), got \(value.typeDescription)")
        }
        return URL(fileURLWithPath: path, isDirectory: true)
    }

    func optionalDirectory(_ name: String) throws -> URL? { isGiven(name) ? try directory(name) : nil }

    /// Checks `condition`, else a bad-parameter error for `name`.
    func require(_ condition: Bool, _ name: String, _ message: @autoclosure () -> String) throws {
        if !condition { throw bad(name, message()) }
    }

    /// Fails on keys of a mapping parameter that are not in `known`.
    func rejectUnknownKeys(_ known: [String]) throws {
        for key in params.keys.sorted() where !known.contains(key) {
            throw bad(key, "unknown key" + Suggestion.hint(for: key, among: known))
        }
    }
}
