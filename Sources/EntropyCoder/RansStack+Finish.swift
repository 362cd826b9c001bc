import DeterministicMath

/// The end of decoding: proving the stack is back at its clean start.
///
/// An encoder starts clean and may draw initial words w1, w2, ..., wm (in that order) when its
/// pops find the stack empty. Decoding mirrors every operation in reverse, so each draw is undone
/// by a push that writes the same word back: when decoding ends, the state is the clean state and
/// the stack holds exactly [wm, ..., w2, w1], w1 on top, i.e. the clean start with its first m
/// seeded words made explicit. `finishDecoding` checks that, word by word against the seed; any
/// corruption of the message or mismatch of the tables makes it fail (except with probability
/// about 2^-31 per word).
extension RansStack {
    /// Whether the stack equals its clean start with some prefix of the initial words made
    /// explicit, and no initial word was drawn by this instance.
    public var isCleanStart: Bool {
        (try? checkCleanStart()) != nil
    }

    /// Verifies that decoding ended where encoding began.
    /// - Throws: `RansStackError.readPastEnd` if this decoder drew initial words (the message
    ///   was shorter than the symbols popped from it), `.stateNotClean` or `.initialWordMismatch`.
    /// - Complexity: O(n) in the number of remaining words.
    public func finishDecoding() throws(RansStackError) {
        try checkCleanStart()
    }

    private func checkCleanStart() throws(RansStackError) {
        guard initialWordsConsumed == 0 else { throw .readPastEnd(wordsDrawn: initialWordsConsumed) }
        var source = SplitMix64(seed: seed)
        let clean = Self.cleanState(from: &source)
        guard head == clean else { throw .stateNotClean(expected: clean, actual: head) }
        for (depth, word) in tail.reversed().enumerated() {
            guard word == source.nextUInt32() else { throw .initialWordMismatch(depth: depth) }
        }
    }
}
