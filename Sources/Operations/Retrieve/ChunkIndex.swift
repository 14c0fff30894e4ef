import Foundation
import LabCore
internal import CSQLite

/// The chunks of one context in an in-memory SQLite database, in an FTS5 table, ranked for a
/// question by FTS5's built-in `bm25()` (k1 = 1.2, b = 0.75; FTS5 floors an IDF at 1e-6).
/// Ours: the table's tokenizer is `porter unicode61` (Unicode word characters, lower-cased,
/// Porter-stemmed, so "live" matches "lives"); the query is every distinct word of the
/// question, quoted, joined by OR, no stop words (the IDF of one context's chunks discounts
/// words most chunks hold). Each context is its own collection: the index is emptied and
/// refilled for every question.
final class ChunkIndex {
    private let db: OpaquePointer
    private let insert: OpaquePointer
    private let query: OpaquePointer

    /// Whether the SQLite library this process uses was built with FTS5 (Debian's is).
    static var hasFTS5: Bool { sqlite3_compileoption_used("ENABLE_FTS5") != 0 }

    /// One sentence for `lab ops retrieve`: the SQLite this process uses and whether it has FTS5.
    static var availability: String {
        "This process's SQLite is \(String(cString: sqlite3_libversion())), built \(hasFTS5 ? "with" : "WITHOUT") FTS5."
    }

    init() throws {
        guard Self.hasFTS5 else {
            throw OperationError.failed("retrieve: this SQLite library (\(String(cString: sqlite3_libversion()))) was built without FTS5 (ENABLE_FTS5), which ranks the chunks")
        }
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY | SQLITE_OPEN_NOMUTEX
        guard sqlite3_open_v2(":memory:", &handle, flags, nil) == SQLITE_OK, let handle else {
            sqlite3_close_v2(handle)
            throw OperationError.failed("retrieve: cannot open an in-memory SQLite database")
        }
        db = handle
        do {
            try Self.execute(db, "CREATE VIRTUAL TABLE chunks USING fts5(body, tokenize = 'porter unicode61')")
            insert = try Self.prepare(db, "INSERT INTO chunks(rowid, body) VALUES (?, ?)")
        } catch {
            sqlite3_close_v2(db)
            throw error
        }
        do {
            query = try Self.prepare(db, "SELECT rowid, bm25(chunks) FROM chunks WHERE chunks MATCH ? ORDER BY bm25(chunks), rowid")
        } catch {
            sqlite3_finalize(insert)
            sqlite3_close_v2(db)
            throw error
        }
    }

    deinit {
        sqlite3_finalize(insert)
        sqlite3_finalize(query)
        sqlite3_close_v2(db)
    }

    /// Empties the index and adds `chunks`; chunk i gets rowid i.
    func replace(with chunks: [String]) throws {
        try Self.execute(db, "DELETE FROM chunks")
        for (i, text) in chunks.enumerated() {
            sqlite3_reset(insert)
            sqlite3_bind_int64(insert, 1, Int64(i))
            sqlite3_bind_text(insert, 2, text, -1, Self.transient)
            try check(sqlite3_step(insert), "insert a chunk")
        }
    }

    /// The chunks holding any word of `question`, best first: (index, −bm25, higher is
    /// better); ties go to the earlier chunk. Chunks holding none of its words are left out.
    func rank(_ question: String) throws -> [(chunk: Int, score: Double)] {
        guard let match = Self.matchExpression(question) else { return [] }
        sqlite3_reset(query)
        sqlite3_bind_text(query, 1, match, -1, Self.transient)
        var out: [(chunk: Int, score: Double)] = []
        while true {
            let rc = sqlite3_step(query)
            if rc == SQLITE_DONE { break }
            try check(rc, "rank the chunks")
            out.append((Int(sqlite3_column_int64(query, 0)), -sqlite3_column_double(query, 1)))
        }
        return out
    }

    /// `"w1" OR "w2" …` over the question's distinct words (runs of letters and digits, as
    /// unicode61 splits them); nil when it has none.
    static func matchExpression(_ question: String) -> String? {
        var seen: Set<String> = [], terms: [String] = []
        for word in question.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }) where seen.insert(String(word)).inserted {
            terms.append("\"" + word.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
        }
        return terms.isEmpty ? nil : terms.joined(separator: " OR ")
    }

    /// SQLITE_TRANSIENT: SQLite copies bound text before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private func check(_ rc: Int32, _ what: String) throws {
        guard rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE else {
            throw OperationError.failed("retrieve: SQLite cannot \(what): \(String(cString: sqlite3_errmsg(db)))")
        }
    }

    private static func execute(_ db: OpaquePointer, _ sql: String) throws {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else {
            throw OperationError.failed("retrieve: SQLite: \(String(cString: sqlite3_errmsg(db))) (\(sql))")
        }
    }

    private static func prepare(_ db: OpaquePointer, _ sql: String) throws -> OpaquePointer {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw OperationError.failed("retrieve: SQLite: \(String(cString: sqlite3_errmsg(db))) (\(sql))")
        }
        return statement
    }
}
