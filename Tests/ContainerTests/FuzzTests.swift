import Container
import XCTest

/// Seeded random mutations of valid files. Each mutant must either parse, and then re-serialize
/// to exactly its own bytes, or throw a `ContainerError`; a trap would kill the test process.
final class FuzzTests: XCTestCase {
    private static let iterations = 10_000

    private func mutate(_ input: [UInt8], _ random: inout TestRandom) -> [UInt8] {
        var bytes = input
        for _ in 0..<(1 + random.below(4)) where !bytes.isEmpty {
            let position = random.below(bytes.count)
            switch random.below(7) {
            case 0: bytes[position] ^= UInt8(1) << random.below(8)
            case 1: bytes[position] = UInt8(truncatingIfNeeded: random.next())
            case 2: bytes[position] = [0, 1, 2, 0xFF, 0x7F, 0x80][random.below(6)]
            case 3: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: position)
            case 4: bytes.remove(at: position)
            case 5: bytes.removeSubrange(position...)
            default:
                // A 4-byte field set to an edge value: lengths, counts and dimensions live here.
                let edges: [UInt32] = [0, 1, 2, 0xFFFF, 0x1000_0000, 0x7FFF_FFFF, UInt32.max]
                let value = edges[random.below(edges.count)]
                for index in 0..<min(4, bytes.count - position) {
                    bytes[position + index] = UInt8(truncatingIfNeeded: value >> (8 * index))
                }
            }
        }
        // Reseal most mutants, or nearly all of them would stop at the header CRC.
        return random.below(4) == 0 ? bytes : Fixtures.resealed(bytes)
    }

    func test_parse_randomMutations_onlyThrowTypedErrors() {
        let seed: UInt64 = 0x5EED_0001
        var random = TestRandom(seed: seed)
        let originals = Fixtures.all.map { $0.serialized() }
        var outcomes: [String: Int] = [:]
        for iteration in 0..<Self.iterations {
            let mutant = mutate(originals[random.below(originals.count)], &random)
            do {
                let file = try VZFile(parsing: mutant)
                XCTAssertEqual(file.serialized(), mutant, "seed \(seed) iteration \(iteration)")
                outcomes["parsed", default: 0] += 1
            } catch let error as ContainerError {
                outcomes[caseName(error), default: 0] += 1
            } catch {
                XCTFail("seed \(seed) iteration \(iteration): untyped error \(error)")
            }
        }
        // The mutations must reach field validation, not only the CRC: many outcomes, some parses.
        XCTAssertGreaterThanOrEqual(outcomes.count, 16, "seed \(seed) outcomes \(outcomes)")
        XCTAssertGreaterThan(outcomes["parsed", default: 0], 0, "seed \(seed) outcomes \(outcomes)")
    }

    /// The enum case of `error`, without its associated values.
    private func caseName(_ error: ContainerError) -> String {
        Mirror(reflecting: error).children.first?.label ?? error.description
    }

    func test_parse_randomBytesAfterValidPrefix_onlyThrowTypedErrors() {
        let seed: UInt64 = 0x5EED_0002
        var random = TestRandom(seed: seed)
        for iteration in 0..<2_000 {
            let length = UInt32(32 + random.below(200))
            var bytes = VZFormat.magic + [1, 0]
            bytes += (0..<4).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) }
            bytes += random.bytes(Int(length) - 14 + random.below(64))
            bytes = Fixtures.resealed(bytes)
            do {
                _ = try VZFile(parsing: bytes)
            } catch is ContainerError {
            } catch {
                XCTFail("seed \(seed) iteration \(iteration): untyped error \(error)")
            }
        }
    }
}
