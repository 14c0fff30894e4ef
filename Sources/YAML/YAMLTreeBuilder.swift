/// Turns libyaml's event stream into a node tree, one recursive call per collection.
/// Recursion is bounded by `limits.maxDepth`, so a deeply nested file cannot overflow the stack.
struct YAMLTreeBuilder {
    /// A built node with its size after alias expansion and its collection nesting height.
    struct Built {
        var node: YAMLNode
        var size: Int
        var height: Int
    }

    let handle: YAMLParserHandle
    let file: String
    let limits: YAMLLimits
    private var anchors: [String: Built] = [:]
    private var expandedNodes = 0

    init(handle: YAMLParserHandle, file: String, limits: YAMLLimits) {
        self.handle = handle
        self.file = file
        self.limits = limits
    }

    mutating func readDocument() throws(YAMLError) -> YAMLNode {
        let streamStart = try handle.nextEvent()
        guard case .streamStart = streamStart.kind else { throw error(streamStart.mark, "expected the start of a YAML stream") }
        let first = try handle.nextEvent()
        switch first.kind {
        case .streamEnd: return .mapping([], .start)
        case .documentStart: break
        default: throw error(first.mark, "expected a YAML document")
        }
        let root = try build(try handle.nextEvent(), depth: 1).node
        let end = try handle.nextEvent()
        guard case .documentEnd = end.kind else { throw error(end.mark, "expected the end of the document") }
        let after = try handle.nextEvent()
        switch after.kind {
        case .streamEnd: return root
        default: throw error(after.mark, "only one YAML document is allowed per file")
        }
    }

    private func error(_ mark: Mark, _ message: String) -> YAMLError {
        YAMLError(file: file, mark: mark, message)
    }

    private mutating func count(_ nodes: Int, at mark: Mark) throws(YAMLError) {
        expandedNodes += nodes
        if expandedNodes > limits.maxNodes {
            throw error(mark, "document expands to more than \(limits.maxNodes) nodes (too many aliases?)")
        }
    }

    /// `depth` is the nesting level a collection starting here would have (the root is 1).
    private mutating func build(_ event: YAMLEvent, depth: Int) throws(YAMLError) -> Built {
        let built: Built
        switch event.kind {
        case .scalar(let text, let style):
            try count(1, at: event.mark)
            built = Built(node: .scalar(text, style, event.mark), size: 1, height: 0)
        case .alias(let name):
            guard let anchored = anchors[name] else { throw error(event.mark, "unknown anchor '\(name)'") }
            guard depth - 1 + anchored.height <= limits.maxDepth else {
                throw error(event.mark, "nesting deeper than \(limits.maxDepth) levels")
            }
            try count(anchored.size, at: event.mark)
            return anchored
        case .sequenceStart:
            try checkDepth(depth, at: event.mark)
            try count(1, at: event.mark)
            built = try buildSequence(start: event, depth: depth)
        case .mappingStart:
            try checkDepth(depth, at: event.mark)
            try count(1, at: event.mark)
            built = try buildMapping(start: event, depth: depth)
        default:
            throw error(event.mark, "unexpected YAML structure")
        }
        if let anchor = event.anchor { anchors[anchor] = built }
        return built
    }

    private func checkDepth(_ depth: Int, at mark: Mark) throws(YAMLError) {
        if depth > limits.maxDepth { throw error(mark, "nesting deeper than \(limits.maxDepth) levels") }
    }

    private mutating func buildSequence(start: YAMLEvent, depth: Int) throws(YAMLError) -> Built {
        var items: [YAMLNode] = []
        var size = 1, height = 1
        while true {
            let event = try handle.nextEvent()
            if case .sequenceEnd = event.kind { break }
            let item = try build(event, depth: depth + 1)
            items.append(item.node)
            size += item.size
            height = max(height, item.height + 1)
        }
        return Built(node: .sequence(items, start.mark), size: size, height: height)
    }

    private mutating func buildMapping(start: YAMLEvent, depth: Int) throws(YAMLError) -> Built {
        var pairs: [(key: YAMLNode, value: YAMLNode)] = []
        var merged: [(key: YAMLNode, value: YAMLNode)] = []
        var firstSeen: [String: Mark] = [:]
        var size = 1, height = 1
        while true {
            let keyEvent = try handle.nextEvent()
            if case .mappingEnd = keyEvent.kind { break }
            let key = try build(keyEvent, depth: depth + 1)
            let value = try build(try handle.nextEvent(), depth: depth + 1)
            size += key.size + value.size
            height = max(height, key.height + 1, value.height + 1)
            guard let text = key.node.scalarText else {
                throw error(key.node.mark, "mapping keys must be scalars, not \(key.node.kindDescription)")
            }
            if text == "<<", key.node.isPlainScalar {
                merged += try mergeSources(value.node)
                continue
            }
            if let first = firstSeen[text] {
                throw error(key.node.mark, "duplicate key '\(text)' (first at \(first))")
            }
            firstSeen[text] = key.node.mark
            pairs.append((key.node, value.node))
        }
        // Merged keys come after the explicit ones; explicit keys and earlier merges win.
        for pair in merged {
            guard let text = pair.key.scalarText, firstSeen[text] == nil else { continue }
            firstSeen[text] = pair.key.mark
            pairs.append(pair)
        }
        return Built(node: .mapping(pairs, start.mark), size: size, height: height)
    }

    /// The pairs a merge key brings in: one mapping, or a list of mappings (earlier ones win).
    private func mergeSources(_ value: YAMLNode) throws(YAMLError) -> [(key: YAMLNode, value: YAMLNode)] {
        switch value {
        case .mapping(let pairs, _):
            return pairs
        case .sequence(let items, _):
            var pairs: [(key: YAMLNode, value: YAMLNode)] = []
            for item in items {
                guard case .mapping(let more, _) = item else {
                    throw error(item.mark, "a merge key ('<<') takes a mapping or a list of mappings")
                }
                pairs += more
            }
            return pairs
        case .scalar:
            throw error(value.mark, "a merge key ('<<') takes a mapping or a list of mappings")
        }
    }
}
