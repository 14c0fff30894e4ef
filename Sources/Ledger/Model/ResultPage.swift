/// The first `limit` results of a listing, and how many matched in all.
public struct ResultPage: Sendable {
    public var rows: [ResultRow]
    /// Every matching result, shown or not.
    public var total: Int
}
