// A small streaming JSON writer over a std::string: compact output (no
// spaces), keys in the order they are written, strings escaped as JSON
// requires. Emitters write findings with it directly instead of building a
// document object per finding and dumping it.
//
// Strings are escaped the way nlohmann::json's dump (error handler
// `replace`, ensure_ascii off) escapes them, so output stays byte-identical:
// `"` and `\` and the control characters U+0000–U+001F are escaped (\b \f
// \n \r \t, others as \u00xx), everything else is copied; every maximal
// ill-formed UTF-8 subsequence becomes one U+FFFD.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hlint {

// Appends `text` to `out` as a JSON string, quotes included.
void append_json_string(std::string& out, std::string_view text);

// For emitters that write a fixed shape with plain appends (the JSON finding,
// the SARIF result): JsonWriter's bookkeeping per key and value costs more
// than the text, for a shape that never changes. A literal is JSON text
// already (keys, braces, indentation); a number is written as std::to_chars
// writes it, which is JsonWriter's number().
template <std::size_t N>
void append_literal(std::string& out, const char (&text)[N]) {
  out.append(text, N - 1);
}
void append_number(std::string& out, std::uint64_t value);

class JsonWriter {
 public:
  // compact: no white space. indented: nlohmann::json's dump(2) layout (each
  // member and item on a line of its own, two spaces a level, `"key": value`,
  // empty containers as `{}` and `[]`), so reports that were dumped with
  // nlohmann stay byte for byte the same.
  enum class Layout { compact, indented };
  // `base_depth`: the depth of the value written (indented layout), whose
  // lines after the first are indented for it.
  explicit JsonWriter(std::string& out, Layout layout = Layout::compact, std::size_t base_depth = 0)
      : out_(out), indented_(layout == Layout::indented), base_depth_(base_depth) {}

  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }
  // A key of the current object; the value written next belongs to it.
  JsonWriter& key(std::string_view name);
  // A key given as a string literal (every key of hlint's formats): when it
  // is plain ASCII, which the compiler sees once the call is inlined, it is
  // copied without looking for what to escape.
  template <std::size_t N>
  JsonWriter& key(const char (&name)[N]) {
    const std::string_view text(name, N - 1);
    if (!plain_ascii(text)) return key(text);
    before_value();
    out_.push_back('"');
    out_.append(text);
    out_.append("\": ", indented_ ? 3 : 2);
    after_key_ = true;
    return *this;
  }
  JsonWriter& string(std::string_view text);
  JsonWriter& number(std::uint64_t value);
  JsonWriter& boolean(bool value);
  JsonWriter& null();
  // Already-serialized JSON (a value rendered elsewhere).
  JsonWriter& raw(std::string_view json);

 private:
  JsonWriter& open(char bracket);
  JsonWriter& close(char bracket);
  void before_value() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (!first_.empty()) {
      if (!first_.back()) out_.push_back(',');
      first_.back() = false;
      if (indented_) new_line(base_depth_ + first_.size());
    }
  }
  void new_line(std::size_t depth) {
    out_.push_back('\n');
    out_.append(2 * depth, ' ');
  }
  static constexpr bool plain_ascii(std::string_view text) {
    for (const char c : text)
      if (c < 0x20 || c == '"' || c == '\\' || static_cast<unsigned char>(c) >= 0x80) return false;
    return true;
  }

  std::string& out_;
  const bool indented_;
  const std::size_t base_depth_;
  // Per open container: no member written yet. A string, whose inline buffer
  // holds 15 levels without a heap allocation (a writer is made per fix).
  std::string first_;
  bool after_key_ = false;
};

}  // namespace hlint
