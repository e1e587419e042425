#include "link/crc16.hpp"

namespace bfr::link {

// Bitwise rather than table-driven: frames are at most a few hundred bytes at
// 100-200 Hz, and the firmware keeps its 512 bytes of flash for other things.
std::uint16_t crc16_update(std::uint16_t crc, std::span<const std::uint8_t> bytes) {
  for (std::uint8_t byte : bytes) {
    crc = static_cast<std::uint16_t>(crc ^ (static_cast<std::uint16_t>(byte) << 8));
    for (int bit = 0; bit < 8; ++bit) {
      const bool top = (crc & 0x8000u) != 0;
      crc = static_cast<std::uint16_t>(crc << 1);
      if (top) crc = static_cast<std::uint16_t>(crc ^ 0x1021u);
    }
  }
  return crc;
}

}  // namespace bfr::link
