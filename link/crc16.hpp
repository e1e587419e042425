#pragma once
// CRC-16/CCITT-FALSE, the integrity check of every link frame
// (docs/protocol.md, "Framing"): polynomial 0x1021, initial value 0xFFFF,
// no input or output reflection, no final XOR. Check value over the ASCII
// bytes "123456789": 0x29B1.

#include <cstdint>
#include <span>

namespace bfr::link {

inline constexpr std::uint16_t kCrc16Init = 0xFFFF;

// Continues a CRC over more bytes; start with kCrc16Init.
std::uint16_t crc16_update(std::uint16_t crc, std::span<const std::uint8_t> bytes);

inline std::uint16_t crc16(std::span<const std::uint8_t> bytes) {
  return crc16_update(kCrc16Init, bytes);
}

}  // namespace bfr::link
