import KlaxonModel

extension HeadState {
    /// Ids of the live series matching every matcher: Prometheus's `PostingsForMatchers`. Equality and
    /// literal alternations read postings directly; other regexes scan the values of their one label name;
    /// matchers that accept the empty string also select series without the label, by subtraction.
    func postings(matching matchers: [LabelMatcher]) -> [UInt32] {
        if matchers.isEmpty { return allIDs }
        if matchers.count == 1 && matchers[0].name.isEmpty && matchers[0].value.isEmpty { return allIDs }

        // Names that a matcher requires to be present (it rejects the empty value).
        var mustBeSet = Set<String>()
        for m in matchers where !m.matches("") { mustBeSet.insert(m.name) }
        func isNegative(_ m: LabelMatcher) -> Bool { m.type == .notEqual || m.type == .regexNoMatch }
        func isSubtracting(_ m: LabelMatcher) -> Bool {
            !mustBeSet.contains(m.name) || (isNegative(m) && m.matches(""))
        }

        var intersecting: [[UInt32]] = []
        var subtracting: [[UInt32]] = []
        let ordered = matchers.filter { !isSubtracting($0) } + matchers.filter { isSubtracting($0) }
        if !ordered.contains(where: { !isSubtracting($0) }) { intersecting.append(allIDs) }

        for m in ordered {
            if m.type == .regexMatch && m.value == ".*" { continue }
            if m.type == .regexNoMatch && m.value == ".*" { return [] }
            if m.type == .regexMatch && m.value == ".+" {
                let list = postingsOfAllValues(m.name)
                if list.isEmpty { return [] }
                intersecting.append(list)
                continue
            }
            if m.type == .regexNoMatch && m.value == ".+" {
                subtracting.append(postingsOfAllValues(m.name))
                continue
            }
            if mustBeSet.contains(m.name) {
                if isNegative(m) && m.matches("") {
                    // l!="foo": drop the series whose value the matcher rejects
                    subtracting.append(postings(of: m, selecting: false))
                } else {
                    // l="a", l=~"a|b", l!="" …: the series whose value the matcher accepts
                    let list = postings(of: m, selecting: true)
                    if list.isEmpty { return [] }
                    intersecting.append(list)
                }
            } else {
                // The matcher accepts a missing label: keep everything except values it rejects.
                subtracting.append(postings(of: m, selecting: false))
            }
        }

        intersecting.sort { $0.count < $1.count }
        guard var result = intersecting.first else { return [] }
        for list in intersecting.dropFirst() {
            if result.isEmpty { return [] }
            result = Postings.intersect(result, list)
        }
        for list in subtracting {
            if result.isEmpty { break }
            result = Postings.subtract(result, list)
        }
        return result
    }

    /// Union of the postings of the values `v` of `m.name` for which `m.matches(v) == selecting`.
    private func postings(of m: LabelMatcher, selecting: Bool) -> [UInt32] {
        guard let name = symbols.lookup(m.name), let values = postings.values(of: name) else { return [] }
        let positive =
            selecting ? (m.type == .equal || m.type == .regexMatch) : (m.type == .notEqual || m.type == .regexNoMatch)
        if positive {
            let literals: [String]? =
                switch m.type {
                case .equal, .notEqual: [m.value]
                case .regexMatch, .regexNoMatch: m.regex?.literalAlternatives
                }
            if let literals {
                var lists: [[UInt32]] = []
                for literal in literals {
                    if let value = symbols.lookup(literal), let list = values[value] { lists.append(list) }
                }
                return lists.isEmpty ? [] : Postings.unionDisjoint(lists)
            }
        }
        var lists: [[UInt32]] = []
        for (value, list) in values where m.matches(symbols[value]) == selecting { lists.append(list) }
        return lists.isEmpty ? [] : Postings.unionDisjoint(lists)
    }

    /// Every series that has label `name`.
    private func postingsOfAllValues(_ name: String) -> [UInt32] {
        guard let symbol = symbols.lookup(name), let values = postings.values(of: symbol) else { return [] }
        return Postings.unionDisjoint(Array(values.values))
    }
}
