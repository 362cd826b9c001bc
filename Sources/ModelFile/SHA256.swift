import CCrypto

/// SHA-256 through the system's libcrypto (OpenSSL's EVP interface): the digest that names a
/// model file. A well-kept implementation, not our own.
enum SHA256 {
    /// The 32-byte digest of `bytes`.
    static func digest(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBufferPointer { b in
            EVP_Digest(b.baseAddress, b.count, &out, &length, EVP_sha256(), nil)
        }
        // EVP_Digest fails only when libcrypto itself cannot allocate: not a condition to recover from.
        precondition(ok == 1 && length == 32, "libcrypto SHA-256 failed")
        return Array(out.prefix(32))
    }
}
