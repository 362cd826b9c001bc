/// A property that a fuzz target checks did not hold for some input: a real bug, as opposed to
/// the typed parse errors that malformed input is expected to give.
public struct FuzzViolation: Error, CustomStringConvertible {
    public let description: String

    init(_ description: String) { self.description = description }
}

/// Throws a `FuzzViolation` saying `what` unless `condition` holds.
func require(_ condition: Bool, _ what: @autoclosure () -> String) throws(FuzzViolation) {
    if !condition { throw FuzzViolation(what()) }
}

/// The result of `parse`, for bytes the project itself wrote: any error is a `FuzzViolation`
/// saying `what`, followed by the error.
func mustParse<T>(_ what: String, _ parse: () throws -> T) throws(FuzzViolation) -> T {
    do {
        return try parse()
    } catch {
        throw FuzzViolation("\(what): \(error)")
    }
}
