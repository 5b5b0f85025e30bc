// Units of the hostile-input work (issue 18): terminal-safe text, sizes, the
// Chinese UTF-16 sniff.
#include <catch2/catch.hpp>

#include "core/file_io.hpp"
#include "report/terminal_text.hpp"

TEST_CASE("terminal_safe escapes controls, C1, bidi and stray bytes, and keeps Chinese", "[hostile]") {
  CHECK(hlint::terminal_safe("正文，text") == "正文，text");
  CHECK(hlint::terminal_safe("a\x1b]0;t\x07z") == "a\\x1b]0;t\\x07z");
  CHECK(hlint::terminal_safe("line\nbreak\r") == "line\\nbreak\\r");
  CHECK(hlint::terminal_safe("tab\there") == "tab\\there");
  CHECK(hlint::terminal_safe("tab\there", /*keep_tabs=*/true) == "tab\there");
  CHECK(hlint::terminal_safe("\x7f") == "\\x7f");
  CHECK(hlint::terminal_safe("\xc2\x9b" "2J") == "\\x9b2J");            // U+009B, the C1 CSI
  CHECK(hlint::terminal_safe("a\xe2\x80\xae" "b") == "a\\u202eb");      // RIGHT-TO-LEFT OVERRIDE
  CHECK(hlint::terminal_safe("\xe2\x81\xa6\xe2\x80\x8f\xd8\x9c") == "\\u2066\\u200f\\u061c");
  CHECK(hlint::terminal_safe("\x9b" "2J") == "\\x9b2J");                // a lone byte, not UTF-8
  CHECK(hlint::terminal_safe("\xe2\x80") == "\\xe2\\x80");              // truncated sequence
  CHECK(hlint::terminal_safe("\xe2\x80\x8b") == "\xe2\x80\x8b");        // ZERO WIDTH SPACE is not a control
  CHECK(hlint::is_terminal_safe("正文 text\t", true));
  CHECK_FALSE(hlint::is_terminal_safe("x\x1b"));
}

TEST_CASE("sizes on the command line and in the config", "[hostile]") {
  CHECK(hlint::parse_size("1000") == 1000u);
  CHECK(hlint::parse_size("500K") == 500u * 1024);
  CHECK(hlint::parse_size("64M") == 64ull << 20);
  CHECK(hlint::parse_size("2GiB") == 2ull << 30);
  CHECK(hlint::parse_size("1g") == 1ull << 30);
  CHECK_FALSE(hlint::parse_size(""));
  CHECK_FALSE(hlint::parse_size("M"));
  CHECK_FALSE(hlint::parse_size("10X"));
  CHECK_FALSE(hlint::parse_size("99999999999999999999"));
  CHECK_FALSE(hlint::parse_size("17179869184G"));
  CHECK(hlint::describe_size(812) == "812 bytes");
  CHECK(hlint::describe_size(64ull << 20) == "64 MiB");
  CHECK(hlint::describe_size(1536) == "1.5 KiB");
}

namespace {
std::string utf16(const std::u16string& text, bool little) {
  std::string out;
  for (char16_t unit : text) {
    const char hi = static_cast<char>(unit >> 8), lo = static_cast<char>(unit & 0xFF);
    out += little ? std::string{lo, hi} : std::string{hi, lo};
  }
  return out;
}
}  // namespace

TEST_CASE("Chinese UTF-16 without a BOM is recognised; look-alikes are not", "[hostile]") {
  const std::u16string chinese = u"<p>天气逐渐闷热，又到了露腿、露胳膊的季节。但是，有不少朋友都犯了难。</p>\n";
  CHECK(hlint::sniff_chinese_utf16(utf16(chinese, true)) == true);
  CHECK(hlint::sniff_chinese_utf16(utf16(chinese, false)) == false);
  // ASCII or UTF-8 text has no NUL byte; spaces between letters once read as UTF-16 "ideographs".
  CHECK_FALSE(hlint::sniff_chinese_utf16("a b c d e f g h i j k l m n o p q r s t u v w x y z\n"));
  CHECK_FALSE(hlint::sniff_chinese_utf16("天气逐渐闷热，又到了露腿、露胳膊的季节。"));
  // A PNG-like header with NULs, and NUL-padded records.
  CHECK_FALSE(hlint::sniff_chinese_utf16(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10", 24)));
  CHECK_FALSE(hlint::sniff_chinese_utf16(std::string(64, '\0')));
}
