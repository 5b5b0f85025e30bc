// The legacy encodings that Chinese text gets mis-read in: GBK (CP936) and
// Big5, as tables built once from glibc's iconv, and Windows-1252. Used by
// the Chinese mojibake repairer to undo a wrong decoding (encode the damaged
// characters back to the bytes they were read from) and to redo the right
// one (decode those bytes strictly).
#pragma once

#include <cstdint>
#include <vector>

namespace hlint::chars {

// A double-byte character set: lead 0x81..0xFE and one trail byte.
class DoubleByteCodec {
 public:
  // iconv_name: "GBK" or "BIG5". Built from iconv: every two-byte sequence is
  // decoded once. Sequences iconv rejects stay undefined.
  explicit DoubleByteCodec(const char* iconv_name);

  // The two bytes (lead << 8 | trail) of a BMP character, or 0 if it has none.
  std::uint16_t encode(char32_t cp) const { return cp < encoded_.size() ? encoded_[cp] : 0; }
  // The character of lead, trail, or 0 if the pair is not one.
  char32_t decode(unsigned lead, unsigned trail) const { return decoded_[(lead & 0xFF) << 8 | (trail & 0xFF)]; }
  bool is_lead(unsigned byte) const { return byte >= 0x81 && byte <= 0xFE; }

 private:
  std::vector<std::uint16_t> encoded_;  // by BMP code point
  std::vector<char32_t> decoded_;       // by lead << 8 | trail
};

// The GBK and Big5 codecs, built on first use and shared (immutable).
const DoubleByteCodec& gbk_codec();
const DoubleByteCodec& big5_codec();

// The byte a character stands for when bytes were decoded as Windows-1252
// (or Latin-1 for the five bytes Windows-1252 leaves undefined); -1 for a
// character that is no such byte. ASCII maps to itself.
int windows_1252_byte(char32_t cp);

}  // namespace hlint::chars
