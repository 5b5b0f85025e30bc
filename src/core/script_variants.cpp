#include "core/script_variants.hpp"

#include <opencc/Config.hpp>
#include <opencc/Converter.hpp>

#include <memory>
#include <mutex>
#include <unordered_set>

namespace hlint {

namespace {

// Character-level conversions built from OpenCC's own dictionaries
// (/usr/share/opencc). OpenCC's shipped s2t/s2tw/s2hk configurations also
// load its phrase dictionary (STPhrases, ~1 MB, loaded twice per
// configuration), which cost about 0.8 s and 20 MB at every start; cue
// phrases only need characters (and the regional variants).
constexpr const char* kOpenccData = "/usr/share/opencc/";

std::string character_config(const char* name, const char* characters, const char* variants) {
  std::string json = std::string(R"({"name": ")") + name + R"(", "segmentation": {"type": "mmseg", "dict": )" +
                     R"({"type": "ocd2", "file": ")" + characters + R"("}}, "conversion_chain": [{"dict": )" +
                     R"({"type": "ocd2", "file": ")" + characters + R"("}})";
  if (variants) json += std::string(R"(, {"dict": {"type": "ocd2", "file": ")") + variants + R"("}})";
  return json + "]}";
}

class Converters {
 public:
  // Each conversion, or nullptr when OpenCC's data cannot be read.
  std::vector<std::shared_ptr<opencc::Converter>> to_traditional() {
    std::lock_guard lock(mutex_);
    if (!loaded_) {
      loaded_ = true;
      for (const char* variants : {static_cast<const char*>(nullptr), "TWVariants.ocd2", "HKVariants.ocd2"})
        if (auto converter = open(character_config("s2t-characters", "STCharacters.ocd2", variants)))
          traditional_.push_back(std::move(converter));
    }
    return traditional_;
  }

  std::shared_ptr<opencc::Converter> to_simplified() {
    std::lock_guard lock(mutex_);
    if (!simplified_loaded_) {
      simplified_loaded_ = true;
      simplified_ = open(character_config("t2s-characters", "TSCharacters.ocd2", nullptr));
    }
    return simplified_;
  }

 private:
  static std::shared_ptr<opencc::Converter> open(const std::string& json) {
    try {
      opencc::Config config;
      return config.NewFromString(json, kOpenccData);
    } catch (...) {  // OpenCC's data missing or unreadable: no Traditional spellings
      return nullptr;
    }
  }

  std::mutex mutex_;
  bool loaded_ = false;
  bool simplified_loaded_ = false;
  std::vector<std::shared_ptr<opencc::Converter>> traditional_;
  std::shared_ptr<opencc::Converter> simplified_;
};

// One set of converters per run, loaded on first use (when the first check
// that matches cues is built).
Converters& converters() {
  static Converters instance;
  return instance;
}

}  // namespace

std::vector<std::string> with_traditional_spellings(std::vector<std::string> phrases) {
  std::unordered_set<std::string> seen(phrases.begin(), phrases.end());
  const std::size_t original = phrases.size();
  for (const auto& converter : converters().to_traditional()) {
    for (std::size_t i = 0; i < original; ++i) {
      std::string spelled;
      try {
        spelled = converter->Convert(phrases[i]);
      } catch (...) {
        continue;
      }
      if (seen.insert(spelled).second) phrases.push_back(std::move(spelled));
    }
  }
  return phrases;
}

std::string to_simplified(const std::string& text) {
  const auto converter = converters().to_simplified();
  if (!converter) return text;
  try {
    return converter->Convert(text);
  } catch (...) {
    return text;
  }
}

}  // namespace hlint
