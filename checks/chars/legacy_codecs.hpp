// The legacy encodings that Chinese text gets mis-read in: GBK (CP936) and
// Big5, as tables built once from glibc's iconv, and Windows-1252. Used by
// the Chinese mojibake repairer to undo a wrong decoding (encode the damaged
// characters back to the bytes they were read from) and to redo the right
// one (decode those bytes strictly).
#pragma once

#include <array>
#include <cstdint>
#include <utility>
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

// A single-byte code page that Chinese bytes get read in (Cyrillic CP1251,
// Central European CP1250, Mac OS Roman, DOS CP437): the characters of its
// bytes 0x80..0xFF, built from iconv.
class SingleByteCodec {
 public:
  explicit SingleByteCodec(const char* iconv_name);
  // The byte (0x80..0xFF) a character stands for, or -1.
  int byte_of(char32_t cp) const;
  // Whether the code page leaves the byte undefined (a reader makes it U+FFFD).
  bool undefined(int byte) const { return byte >= 0x80 && byte <= 0xFF && decoded_[byte - 0x80] == 0; }
  // The character of a byte 0x80..0xFF, or 0 when undefined.
  char32_t decode(int byte) const { return byte >= 0x80 && byte <= 0xFF ? decoded_[byte - 0x80] : 0; }

 private:
  std::array<char32_t, 128> decoded_{};                  // by byte - 0x80; 0: undefined
  std::vector<std::pair<char32_t, std::uint8_t>> bytes_;  // (character, byte), sorted
};

// The GBK and Big5 codecs, built on first use and shared (immutable).
const DoubleByteCodec& gbk_codec();
const DoubleByteCodec& big5_codec();

const SingleByteCodec& cp1251_codec();
const SingleByteCodec& cp1250_codec();
const SingleByteCodec& mac_roman_codec();
const SingleByteCodec& cp437_codec();

// The byte a character stands for when bytes were decoded as Windows-1252
// (or Latin-1 for the five bytes Windows-1252 leaves undefined); -1 for a
// character that is no such byte. ASCII maps to itself.
int windows_1252_byte(char32_t cp);

}  // namespace hlint::chars
