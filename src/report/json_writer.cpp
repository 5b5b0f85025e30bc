#include "report/json_writer.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstring>

namespace hlint {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// The length of the well-formed UTF-8 sequence at `at` (Unicode Table 3-7),
// or 0 when it is ill-formed; `maximal` gets the length of the maximal
// subpart to replace by one U+FFFD (at least 1).
std::size_t well_formed_length(std::string_view s, std::size_t at, std::size_t& maximal) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[at + k]); };
  const unsigned char lead = byte(0);
  std::size_t need = 0;
  unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    need = 1;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    need = 2;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    need = 3;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    maximal = 1;
    return 0;
  }
  std::size_t k = 1;
  for (; k <= need && at + k < s.size(); ++k) {
    const unsigned char b = byte(k);
    const bool ok = k == 1 ? (b >= low && b <= high) : (b >= 0x80 && b <= 0xBF);
    if (!ok) break;
  }
  if (k == need + 1) return need + 1;
  maximal = k;  // the lead and the continuation bytes that fit, the offending byte excluded
  return 0;
}

// Whether any of the eight bytes of `word` needs more than copying: below
// 0x20, 0x80 and above (UTF-8 to check), `"` or `\\`. Each test is exact for
// "any byte" (the classic has-zero-byte tricks); a word that passes is
// copied whole, one that does not is looked at byte by byte.
bool needs_care(std::uint64_t word) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHigh = kOnes * 0x80;
  auto has_zero = [](std::uint64_t v) { return (v - kOnes) & ~v; };
  const std::uint64_t below_space = (word - kOnes * 0x20) & ~word;
  return ((below_space | has_zero(word ^ (kOnes * '"')) | has_zero(word ^ (kOnes * '\\')) | word) & kHigh) != 0;
}

}  // namespace

void append_number(std::string& out, std::uint64_t value) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out.append(digits, end);
}

void append_json_string(std::string& out, std::string_view text) {
  out.push_back('"');
  std::size_t copied = 0;  // text[copied, i) is still to be copied as it is
  auto flush = [&](std::size_t i) {
    out.append(text.data() + copied, i - copied);
    copied = i;
  };
  const std::size_t size = text.size();
  for (std::size_t i = 0; i < size;) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      // Most of Chinese text: a three-byte character whose lead (E1-EC, EE,
      // EF) allows any two continuation bytes.
      if (c >= 0xE1 && c <= 0xEF && c != 0xED && i + 2 < size &&
          ((static_cast<unsigned char>(text[i + 1]) ^ 0x80) | (static_cast<unsigned char>(text[i + 2]) ^ 0x80)) <=
              0x3F) {
        i += 3;
        continue;
      }
      std::size_t maximal = 1;
      const std::size_t length = well_formed_length(text, i, maximal);
      if (length) {
        i += length;
        continue;
      }
      flush(i);
      out += kReplacement;
      i += maximal;
      copied = i;
      continue;
    }
    // Plain ASCII, eight bytes at a time.
    if (i + 8 <= size) {
      std::uint64_t word;
      std::memcpy(&word, text.data() + i, sizeof word);
      if (!needs_care(word)) {
        i += 8;
        continue;
      }
    }
    if (c >= 0x20 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    flush(i);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: fmt::format_to(std::back_inserter(out), "\\u{:04x}", c);
    }
    copied = ++i;
  }
  flush(size);
  out.push_back('"');
}

JsonWriter& JsonWriter::open(char bracket) {
  before_value();
  out_.push_back(bracket);
  first_.push_back(1);
  return *this;
}

JsonWriter& JsonWriter::close(char bracket) {
  const bool empty = first_.back();
  first_.pop_back();
  if (indented_ && !empty) new_line(base_depth_ + first_.size());
  out_.push_back(bracket);
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  before_value();
  append_json_string(out_, name);
  out_.append(": ", indented_ ? 2 : 1);
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::string(std::string_view text) {
  before_value();
  append_json_string(out_, text);
  return *this;
}

JsonWriter& JsonWriter::number(std::uint64_t value) {
  before_value();
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out_.append(digits, end);
  return *this;
}

JsonWriter& JsonWriter::boolean(bool value) {
  before_value();
  out_ += value ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  before_value();
  out_ += json;
  return *this;
}

}  // namespace hlint
