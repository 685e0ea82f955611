/// Go's `path/filepath` operations on slash-separated paths (Klaxon runs on Unix-like systems), so that
/// paths derived from the user's input are spelled exactly as promtool spells them in its output.
public enum GoPath {
    /// `filepath.Clean`: the shortest equivalent path (`./a/../b/` becomes `b`, "" becomes `.`).
    public static func clean(_ path: String) -> String {
        if path.isEmpty { return "." }
        let rooted = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".":
                continue
            case "..":
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !rooted {
                    parts.append(part)
                }
            default:
                parts.append(part)
            }
        }
        let body = parts.joined(separator: "/")
        if rooted { return "/" + body }
        return body.isEmpty ? "." : body
    }

    /// `filepath.Join`: joins the non-empty elements with `/` and cleans the result; "" when all are empty.
    public static func join(_ elements: String...) -> String { join(elements) }

    /// `filepath.Join` over an array.
    public static func join(_ elements: [String]) -> String {
        let nonEmpty = elements.filter { !$0.isEmpty }
        guard !nonEmpty.isEmpty else { return "" }
        return clean(nonEmpty.joined(separator: "/"))
    }

    /// `filepath.Dir`: everything but the last element, cleaned (`a/b.yml` gives `a`, `b.yml` gives `.`).
    public static func dir(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let head = String(path[..<slash])
        return clean(head.isEmpty ? "/" : head)
    }

    /// `filepath.Split`: the directory with its trailing slash, and the file name.
    public static func split(_ path: String) -> (dir: String, file: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        let after = path.index(after: slash)
        return (String(path[..<after]), String(path[after...]))
    }

    /// `filepath.IsAbs`.
    public static func isAbsolute(_ path: String) -> Bool { path.hasPrefix("/") }
}
