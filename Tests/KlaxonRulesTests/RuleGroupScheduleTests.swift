import KlaxonModel
import Testing
@testable import KlaxonRules

@Suite struct RuleGroupScheduleTests {
    @Test("xxHash64 matches the reference vectors", arguments: [
        ("", UInt64(0xEF46_DB37_51D8_E999)),
        ("a", 0xD24E_C4F1_A98C_6E5B),
        ("abc", 0x44BC_2CF5_AD77_0999),
        ("Nobody inspects the spammish repetition", 0xFBCE_A83C_8A37_8BF1),
    ])
    func xxhash(input: String, expected: UInt64) {
        #expect(XXHash64.hash(Array(input.utf8)) == expected)
    }

    @Test("the evaluation slot is the latest time at or before now that is the group's phase modulo its interval")
    func slot() {
        let group = RuleGroup(name: "api", file: "rules/api.yaml", interval: 60_000, rules: [])
        let phase = group.evaluationPhase
        #expect((0..<60_000).contains(phase))
        for now: Timestamp in [1_700_000_000_000, 1_700_000_000_000 + phase, 1_700_000_059_999] {
            let slot = group.evaluationSlot(atOrBefore: now)
            #expect(slot <= now && now - slot < 60_000)
            #expect((slot - phase) % 60_000 == 0)
        }
        let other = RuleGroup(name: "db", file: "rules/api.yaml", interval: 60_000, rules: [])
        #expect(other.evaluationPhase != phase)
    }
}
