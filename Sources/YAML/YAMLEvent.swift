/// One libyaml event, copied out of C memory so that the C event can be freed at once.
struct YAMLEvent {
    enum Kind {
        case streamStart, streamEnd, documentStart, documentEnd
        case scalar(String, ScalarStyle)
        case sequenceStart, sequenceEnd
        case mappingStart, mappingEnd
        case alias(String)
    }

    var kind: Kind
    var anchor: String?
    /// The explicit tag, if any (`!!str` arrives as `tag:yaml.org,2002:str`).
    var tag: String?
    var mark: Mark
}
