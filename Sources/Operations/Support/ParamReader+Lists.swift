import LabCore

extension ParamReader {
    /// The elements of a list parameter, nil when not given; `name[i]` in messages.
    func list(_ name: String) throws -> [Value]? {
        guard let value = params[name], !value.isNull else { return nil }
        guard let items = value.arrayValue else { throw bad(name, "expected a list, got \(value.typeDescription)") }
        return items
    }

    func intList(_ name: String) throws -> [Int]? {
        try list(name)?.enumerated().map { i, item in
            guard let int = item.intValue else { throw bad("\(name)[\(i)]", "expected an integer, got \(item.typeDescription)") }
            return int
        }
    }

    func doubleList(_ name: String) throws -> [Double]? {
        try list(name)?.enumerated().map { i, item in
            guard let number = item.doubleValue, number.isFinite else {
                throw bad("\(name)[\(i)]", "expected a finite number, got \(item.typeDescription)")
            }
            return number
        }
    }

    func stringList(_ name: String) throws -> [String]? {
        try list(name)?.enumerated().map { i, item in
            guard let string = item.stringValue else { throw bad("\(name)[\(i)]", "expected a string, got \(item.typeDescription)") }
            return string
        }
    }
}
