/// Why a serialised message cannot be read, or why decoding did not end at a clean start.
public enum RansStackError: Error, Equatable, CustomStringConvertible {
    /// Fewer than the 8 bytes of the state.
    case truncated(byteCount: Int)
    /// After the 8-byte state, the length is not a whole number of 4-byte words.
    case misalignedLength(byteCount: Int)
    /// The stored state is outside [2^31, 2^63).
    case stateOutOfRange(UInt64)
    /// Decoding ended with a state other than the clean state of the seed.
    case stateNotClean(expected: UInt64, actual: UInt64)
    /// The word `depth` places below the top differs from the seeded initial word it must equal.
    case initialWordMismatch(depth: Int)
    /// The decoder popped past the end of the message and drew this many seeded words.
    case readPastEnd(wordsDrawn: Int)

    public var description: String {
        switch self {
        case .truncated(let byteCount):
            return "rANS message of \(byteCount) bytes is shorter than its 8-byte state"
        case .misalignedLength(let byteCount):
            return "rANS message of \(byteCount) bytes is not 8 bytes plus whole 4-byte words"
        case .stateOutOfRange(let state):
            return "rANS state 0x\(String(state, radix: 16)) is outside [2^31, 2^63)"
        case .stateNotClean(let expected, let actual):
            return "decoding ended at state 0x\(String(actual, radix: 16)), not the clean 0x\(String(expected, radix: 16))"
        case .initialWordMismatch(let depth):
            return "word \(depth) below the top after decoding is not the seeded initial word"
        case .readPastEnd(let wordsDrawn):
            return "decoding read past the end of the message (\(wordsDrawn) words missing)"
        }
    }
}
