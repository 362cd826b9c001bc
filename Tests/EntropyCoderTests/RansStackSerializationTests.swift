import DeterministicMath
@testable import EntropyCoder
import XCTest

final class RansStackSerializationTests: XCTestCase {
    func test_serialized_roundTripsAndIsLittleEndian() throws {
        let codec = BernoulliCodec(probabilityOfOne: 0.3, precision: 12)
        var stack = RansStack(seed: 9)
        codec.push(contentsOf: (0..<500).map { $0 % 3 == 0 }, to: &stack)
        let bytes = stack.serialized()
        XCTAssertEqual(bytes.count, 8 + 4 * stack.words.count)
        XCTAssertEqual(bytes.count * 8, stack.bitLength)
        XCTAssertEqual(bytes[0], UInt8(truncatingIfNeeded: stack.state))
        XCTAssertEqual(bytes[7], UInt8(truncatingIfNeeded: stack.state >> 56))
        XCTAssertEqual(bytes[8], UInt8(truncatingIfNeeded: stack.words[0]))
        XCTAssertEqual(bytes[11], UInt8(truncatingIfNeeded: stack.words[0] >> 24))
        XCTAssertEqual(try RansStack(serialized: bytes, seed: 9), stack)
    }

    func test_init_malformedBytes_throwTypedErrors() {
        XCTAssertThrowsError(try RansStack(serialized: [1, 2, 3], seed: 0)) { error in
            XCTAssertEqual(error as? RansStackError, .truncated(byteCount: 3))
        }
        XCTAssertThrowsError(try RansStack(serialized: [0, 0, 0, 0x80, 0, 0, 0, 0, 1], seed: 0)) { error in
            XCTAssertEqual(error as? RansStackError, .misalignedLength(byteCount: 9))
        }
        XCTAssertThrowsError(try RansStack(serialized: [0xFF, 0xFF, 0xFF, 0x7F, 0, 0, 0, 0], seed: 0)) { error in
            XCTAssertEqual(error as? RansStackError, .stateOutOfRange(0x7FFF_FFFF))
        }
        XCTAssertThrowsError(try RansStack(serialized: [0, 0, 0, 0, 0, 0, 0, 0x80], seed: 0)) { error in
            XCTAssertEqual(error as? RansStackError, .stateOutOfRange(1 << 63))
        }
        XCTAssertFalse(RansStackError.truncated(byteCount: 3).description.isEmpty)
    }

    func test_init_randomBytes_neverTraps() {
        let seed: UInt64 = 0xF022
        var rng = SplitMix64(seed: seed)
        var accepted = 0
        for _ in 0..<5000 {
            let bytes = (0..<Int(rng.next() % 24)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            if let stack = try? RansStack(serialized: bytes, seed: seed) {
                accepted += 1
                XCTAssertEqual(stack.serialized(), bytes, "seed \(seed)")
            }
        }
        XCTAssertGreaterThan(accepted, 0, "seed \(seed)")
    }

    func test_finishDecoding_detectsWrongStateWordsAndOverread() {
        let codec = try! CategoricalCodec(weights: [5, 1, 1, 9], precision: 10)
        var encoder = RansStack(seed: 77)
        let drawn = codec.pop(count: 200, from: &encoder)
        let bytes = encoder.serialized()

        var decoder = try! RansStack(serialized: bytes, seed: 77)
        codec.push(contentsOf: drawn, to: &decoder)
        XCTAssertNoThrow(try decoder.finishDecoding())
        XCTAssertTrue(decoder.isCleanStart)

        var wrongSeed = try! RansStack(serialized: bytes, seed: 78)
        codec.push(contentsOf: drawn, to: &wrongSeed)
        XCTAssertThrowsError(try wrongSeed.finishDecoding()) { error in
            XCTAssertEqual(error as? RansStackError, .stateNotClean(expected: RansStack.cleanState(seed: 78), actual: RansStack.cleanState(seed: 77)))
        }

        var corrupted = bytes
        corrupted[corrupted.count - 2] ^= 0x10
        var replay = try! RansStack(serialized: corrupted, seed: 77)
        codec.push(contentsOf: drawn, to: &replay)
        XCTAssertThrowsError(try replay.finishDecoding())

        var overread = RansStack(seed: 5)
        _ = codec.pop(count: 50, from: &overread)
        XCTAssertThrowsError(try overread.finishDecoding()) { error in
            XCTAssertEqual(error as? RansStackError, .readPastEnd(wordsDrawn: overread.initialWordsConsumed))
        }
    }

    func test_finishDecoding_reportsFirstMismatchingInitialWord() throws {
        // The clean state with its first four initial words made explicit, w1 on top.
        var bytes = RansStack(seed: 3).serialized()
        var source = SplitMix64(seed: 3)
        _ = source.next()
        let initial = (0..<4).map { _ in source.nextUInt32() }
        for word in initial.reversed() {
            for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt32(shift))) }
        }
        XCTAssertNoThrow(try RansStack(serialized: bytes, seed: 3).finishDecoding())
        bytes[8] ^= 1  // the bottom word, 3 below the top
        XCTAssertThrowsError(try RansStack(serialized: bytes, seed: 3).finishDecoding()) { error in
            XCTAssertEqual(error as? RansStackError, .initialWordMismatch(depth: 3))
        }
    }
}
