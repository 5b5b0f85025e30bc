// Contact details (phone numbers, e-mail addresses) are written in ASCII
// digits and letters: the contact checks step over the Chinese text around
// them eight bytes at a time instead of looking at every byte.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace hlint::contact {

// The position of the first ASCII byte at or after pos, or text.size().
inline std::size_t next_ascii(std::string_view text, std::size_t pos) {
  constexpr std::uint64_t kHighBits = 0x8080808080808080ull;
  while (pos + 8 <= text.size()) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + pos, sizeof word);
    // The high bits of the ASCII bytes among the eight: none when the word
    // holds no ASCII, else the first one tells where it is.
    const std::uint64_t ascii = ~word & kHighBits;
    if (ascii != 0) {
      const int bit = std::endian::native == std::endian::little ? std::countr_zero(ascii) : std::countl_zero(ascii);
      return pos + static_cast<std::size_t>(bit) / 8;
    }
    pos += 8;
  }
  while (pos < text.size() && static_cast<unsigned char>(text[pos]) >= 0x80) ++pos;
  return pos;
}

}  // namespace hlint::contact
