import Foundation

/// A small POSIX ustar writer and reader, so an export can travel as one file (`lab export -o
/// NAME.tar`). Only what an export holds: folders, regular files and symbolic links, paths up
/// to 255 bytes (split into the header's prefix and name). Reading refuses absolute paths, `..`,
/// other entry kinds, a bad header checksum, and any path through a link it created, so an
/// archive can never write outside the folder it is unpacked into.
enum TarArchive {
    static let block = 512

    /// Packs the folder `source` (its contents, sorted, as relative paths) into `target`.
    static func write(folder source: URL, to target: URL) throws {
        let fm = FileManager.default
        guard fm.createFile(atPath: target.path, contents: nil), let out = FileHandle(forWritingAtPath: target.path) else {
            throw ExportError("cannot write \(target.path)")
        }
        defer { try? out.close() }
        let base = source.standardizedFileURL.path
        for relative in (fm.subpaths(atPath: base) ?? []).sorted() {
            let path = base + "/" + relative
            var info = stat()
            guard lstat(path, &info) == 0 else { throw ExportError("cannot read \(path)") }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                out.write(try header(name: relative + "/", size: 0, type: "5", mode: 0o755))
            case S_IFLNK:
                let link = try fm.destinationOfSymbolicLink(atPath: path)
                out.write(try header(name: relative, size: 0, type: "2", mode: 0o777, link: link))
            case S_IFREG:
                let size = Int(info.st_size)
                out.write(try header(name: relative, size: size, type: "0", mode: info.st_mode & 0o111 != 0 ? 0o755 : 0o644))
                guard let input = FileHandle(forReadingAtPath: path) else { throw ExportError("cannot read \(path)") }
                var written = 0
                while written < size {
                    let chunk = input.readData(ofLength: min(1 << 20, size - written))
                    guard !chunk.isEmpty else { try? input.close(); throw ExportError("\(path) shrank while it was archived") }
                    out.write(chunk)
                    written += chunk.count
                }
                try? input.close()
                if size % block != 0 { out.write(Data(count: block - size % block)) }
            default:
                continue   // sockets and fifos are no part of an export
            }
        }
        out.write(Data(count: 2 * block))
    }

    /// Unpacks `archive` into the existing empty folder `target`.
    static func extract(_ archive: URL, into target: URL) throws {
        guard let input = FileHandle(forReadingAtPath: archive.path) else { throw ExportError("cannot read \(archive.path)") }
        defer { try? input.close() }
        let fm = FileManager.default
        var links: Set<String> = []
        func bad(_ reason: String) -> ExportError { ExportError("\(archive.path) is not an export archive: \(reason)") }
        while true {
            let head = [UInt8](input.readData(ofLength: block))
            guard head.count == block else { throw bad("it ends inside a header") }
            if head.allSatisfy({ $0 == 0 }) { return }
            guard Array(head[257..<262]) == Array("ustar".utf8) else { throw bad("not a ustar header") }
            let recorded = octal(head[148..<156])
            let sum = head.enumerated().reduce(0) { $0 + (148..<156 ~= $1.offset ? 32 : Int($1.element)) }
            guard recorded == sum else { throw bad("a header's checksum is wrong") }
            let name = string(head[0..<100]), prefix = string(head[345..<500])
            let path = (prefix.isEmpty ? name : prefix + "/" + name).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            let parts = path.split(separator: "/")
            guard !path.isEmpty, !name.hasPrefix("/"), !prefix.hasPrefix("/"), !parts.contains(".."), !parts.contains(".") else {
                throw bad("refusing the path '\(path)'")
            }
            for i in 1..<max(1, parts.count) where links.contains(parts[0..<i].joined(separator: "/")) {
                throw bad("'\(path)' goes through a link")
            }
            guard let size = octal(head[124..<136]), size >= 0 else { throw bad("a size is not a number") }
            let destination = target.appendingPathComponent(path).path
            switch head[156] {
            case UInt8(ascii: "5"):
                try fm.createDirectory(atPath: destination, withIntermediateDirectories: true)
            case UInt8(ascii: "2"):
                let link = string(head[157..<257])
                guard !link.hasPrefix("/"), !link.split(separator: "/").contains("..") else { throw bad("a link leaves the archive: \(path) → \(link)") }
                try fm.createDirectory(atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try fm.createSymbolicLink(atPath: destination, withDestinationPath: link)
                links.insert(path)
            case UInt8(ascii: "0"), 0:
                try fm.createDirectory(atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                guard !fm.fileExists(atPath: destination), fm.createFile(atPath: destination, contents: nil),
                      let out = FileHandle(forWritingAtPath: destination) else { throw bad("cannot write '\(path)' (twice in the archive?)") }
                var left = size
                while left > 0 {
                    let chunk = input.readData(ofLength: min(1 << 20, left))
                    guard !chunk.isEmpty else { try? out.close(); throw bad("it ends inside '\(path)'") }
                    out.write(chunk)
                    left -= chunk.count
                }
                try? out.close()
                if (octal(head[100..<108]) ?? 0) & 0o100 != 0 { chmod(destination, 0o755) }
                if size % block != 0 { _ = input.readData(ofLength: block - size % block) }
            default:
                throw bad("'\(path)' is neither a file, a folder nor a link")
            }
        }
    }

    /// True when the file starts with a ustar header.
    static func isArchive(_ url: URL) -> Bool {
        guard let input = FileHandle(forReadingAtPath: url.path) else { return false }
        defer { try? input.close() }
        let head = [UInt8](input.readData(ofLength: block))
        return head.count == block && Array(head[257..<262]) == Array("ustar".utf8)
    }

    static func header(name: String, size: Int, type: Character, mode: Int, link: String = "") throws -> Data {
        var head = [UInt8](repeating: 0, count: block)
        let bytes = Array(name.utf8)
        var namePart = bytes, prefixPart: [UInt8] = []
        if bytes.count > 100 {
            // Split at a '/' so that the prefix holds at most 155 bytes and the name at most 100.
            guard let cut = bytes.indices.last(where: { bytes[$0] == UInt8(ascii: "/") && $0 <= 155 && bytes.count - $0 - 1 <= 100 && $0 > 0 })
            else { throw ExportError("the path '\(name)' is too long for a tar archive (use a folder: -o NAME)") }
            prefixPart = Array(bytes[..<cut])
            namePart = Array(bytes[(cut + 1)...])
        }
        let linkBytes = Array(link.utf8)
        guard linkBytes.count <= 100 else { throw ExportError("the link '\(name)' → '\(link)' is too long for a tar archive") }
        func put(_ value: [UInt8], at offset: Int) { for (i, b) in value.enumerated() { head[offset + i] = b } }
        func putOctal(_ value: Int, at offset: Int, width: Int) {
            put(Array((String(repeating: "0", count: max(0, width - 1 - String(value, radix: 8).count)) + String(value, radix: 8)).utf8), at: offset)
        }
        put(namePart, at: 0)
        putOctal(mode, at: 100, width: 8)
        putOctal(0, at: 108, width: 8)
        putOctal(0, at: 116, width: 8)
        putOctal(size, at: 124, width: 12)
        putOctal(0, at: 136, width: 12)
        head[156] = type.asciiValue ?? UInt8(ascii: "0")
        put(linkBytes, at: 157)
        put(Array("ustar\0".utf8), at: 257)
        put(Array("00".utf8), at: 263)
        put(prefixPart, at: 345)
        for i in 148..<156 { head[i] = 32 }
        let sum = head.reduce(0) { $0 + Int($1) }
        putOctal(sum, at: 148, width: 7)
        head[155] = 32
        return Data(head)
    }

    private static func string(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }

    private static func octal(_ bytes: ArraySlice<UInt8>) -> Int? {
        let text = string(bytes).trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? 0 : Int(text, radix: 8)
    }
}
