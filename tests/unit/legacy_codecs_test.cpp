// The legacy code tables chars/mojibake undoes wrong decodings with: the
// double-byte tables are built a row per iconv call, and must equal what
// iconv says of each pair alone; the single-byte code pages map both ways.
#include <catch2/catch.hpp>

#include <iconv.h>

#include <array>

#include "chars/legacy_codecs.hpp"

namespace {

// The character iconv decodes the pair lead, trail into, or 0.
char32_t decode_alone(iconv_t cd, unsigned lead, unsigned trail) {
  std::array<char, 2> in = {static_cast<char>(lead), static_cast<char>(trail)};
  std::array<unsigned char, 8> out{};
  char* inp = in.data();
  char* outp = reinterpret_cast<char*>(out.data());
  std::size_t in_left = in.size();
  std::size_t out_left = out.size();
  iconv(cd, nullptr, nullptr, nullptr, nullptr);
  if (iconv(cd, &inp, &in_left, &outp, &out_left) == static_cast<std::size_t>(-1) || in_left != 0 || out_left != 4)
    return 0;
  const char32_t cp = out[0] | out[1] << 8 | out[2] << 16 | static_cast<char32_t>(out[3]) << 24;
  return cp < 0x80 || cp > 0xFFFF ? 0 : cp;
}

void check_against_iconv(const hlint::chars::DoubleByteCodec& codec, const char* name) {
  iconv_t cd = iconv_open("UTF-32LE", name);
  REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
  std::size_t defined = 0, mismatches = 0;
  for (unsigned lead = 0x81; lead <= 0xFE; ++lead)
    for (unsigned trail = 0x40; trail <= 0xFE; ++trail) {
      if (trail == 0x7F) continue;
      const char32_t expected = decode_alone(cd, lead, trail);
      defined += expected != 0;
      mismatches += codec.decode(lead, trail) != expected;
    }
  iconv_close(cd);
  CHECK(mismatches == 0);
  CHECK(defined > 13000);  // Big5 has about 13,000 pairs, GBK about 21,000
}

}  // namespace

TEST_CASE("GBK and Big5 tables equal iconv's decoding of every pair", "[chars]") {
  check_against_iconv(hlint::chars::gbk_codec(), "GBK");
  check_against_iconv(hlint::chars::big5_codec(), "BIG5");
  CHECK(hlint::chars::gbk_codec().encode(U'温') == 0xCEC2);
  CHECK(hlint::chars::big5_codec().encode(U'醫') == 0xC2E5);
  CHECK(hlint::chars::big5_codec().decode(0xC2, 0xE5) == U'醫');
}

TEST_CASE("single-byte code pages map bytes to characters and back", "[chars]") {
  const auto& cp1251 = hlint::chars::cp1251_codec();
  CHECK(cp1251.decode(0xC0) == U'А');
  CHECK(cp1251.byte_of(U'А') == 0xC0);
  CHECK(cp1251.undefined(0x98));
  CHECK(cp1251.byte_of(U'温') == -1);
  const auto& cp1250 = hlint::chars::cp1250_codec();
  CHECK(cp1250.byte_of(U'ř') == 0xF8);
  CHECK(cp1250.undefined(0x81));
  const auto& mac = hlint::chars::mac_roman_codec();
  CHECK(mac.byte_of(U'∆') == 0xC6);  // as Apple maps it
  CHECK(mac.byte_of(U'Δ') == 0xC6);  // as glibc maps it
  CHECK(mac.byte_of(U'é') == 0x8E);
  const auto& cp437 = hlint::chars::cp437_codec();
  CHECK(cp437.byte_of(U'─') == 0xC4);
  CHECK(cp437.decode(0xE0) == U'α');
}
