#include "core/script_variants.hpp"

#include <opencc/opencc.h>

#include <algorithm>
#include <mutex>
#include <unordered_set>

namespace hlint {

namespace {

// One OpenCC converter per configuration, opened on first use. OpenCC's
// converters are not documented as thread-safe: conversions are serialised
// (they only run while checks are built, a few hundred phrases per run).
class Converter {
 public:
  explicit Converter(const char* config) : handle_(opencc_open(config)) {}
  ~Converter() {
    if (ok()) opencc_close(handle_);
  }
  Converter(const Converter&) = delete;
  Converter& operator=(const Converter&) = delete;

  bool ok() const { return handle_ != reinterpret_cast<opencc_t>(-1); }

  std::string convert(const std::string& text) {
    if (!ok()) return text;
    std::lock_guard lock(mutex_);
    char* converted = opencc_convert_utf8(handle_, text.data(), text.size());
    if (!converted) return text;
    std::string out(converted);
    opencc_convert_utf8_free(converted);
    return out;
  }

 private:
  opencc_t handle_;
  std::mutex mutex_;
};

Converter& converter(const char* config) {
  // Function-local statics: opened once per run, on first use.
  static Converter s2t("s2t.json"), s2tw("s2tw.json"), s2hk("s2hk.json"), t2s("t2s.json");
  const std::string_view name = config;
  if (name == "s2tw") return s2tw;
  if (name == "s2hk") return s2hk;
  if (name == "t2s") return t2s;
  return s2t;
}

}  // namespace

std::vector<std::string> with_traditional_spellings(std::vector<std::string> phrases) {
  std::unordered_set<std::string> seen(phrases.begin(), phrases.end());
  const std::size_t original = phrases.size();
  for (const char* config : {"s2t", "s2tw", "s2hk"}) {
    Converter& c = converter(config);
    for (std::size_t i = 0; i < original; ++i) {
      std::string spelled = c.convert(phrases[i]);
      if (seen.insert(spelled).second) phrases.push_back(std::move(spelled));
    }
  }
  return phrases;
}

std::string to_simplified(const std::string& text) { return converter("t2s").convert(text); }

}  // namespace hlint
