/// CRC-16/IBM-3740 (also called CRC-16/CCITT-FALSE: polynomial `0x1021`, initial value `0xFFFF`,
/// not reflected, no final XOR; check value of "123456789" is `0x29B1`). Version 2 headers end
/// with it: it finds every burst of up to 16 flipped bits in a header, and the pixel CRC-32 the
/// header carries still checks whatever a rarer corruption would decode to.
public enum CRC16 {
    /// - Complexity: O(n), bit by bit: headers are a few dozen bytes.
    public static func checksum<Bytes: Sequence>(_ bytes: Bytes) -> UInt16 where Bytes.Element == UInt8 {
        var crc: UInt16 = 0xFFFF
        for byte in bytes {
            crc ^= UInt16(byte) << 8
            for _ in 0..<8 {
                crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1
            }
        }
        return crc
    }
}
