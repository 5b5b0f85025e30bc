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

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }
  // A key of the current object; the value written next belongs to it.
  JsonWriter& key(std::string_view name);
  JsonWriter& string(std::string_view text);
  JsonWriter& number(std::uint64_t value);
  JsonWriter& boolean(bool value);
  JsonWriter& null();
  // Already-serialized JSON (a value rendered elsewhere).
  JsonWriter& raw(std::string_view json);

 private:
  JsonWriter& open(char bracket);
  JsonWriter& close(char bracket);
  void before_value();

  std::string& out_;
  std::vector<bool> first_;  // per open container: no member written yet
  bool after_key_ = false;
};

}  // namespace hlint
