#include "core/script_variants.hpp"

#include <opencc/Config.hpp>
#include <opencc/Converter.hpp>

#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "core/script_tables.hpp"

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
    } catch (...) {  // OpenCC's data missing or unreadable: the text stays as it is
      return nullptr;
    }
  }

  std::mutex mutex_;
  bool simplified_loaded_ = false;
  std::shared_ptr<opencc::Converter> simplified_;
};

// The Traditional→Simplified converter (tests and tools), loaded on first use.
Converters& converters() {
  static Converters instance;
  return instance;
}

// OpenCC's conversion, done over the generated tables exactly as OpenCC's
// character converters did it (Config "mmseg" segmentation on STCharacters,
// then a chain of conversions, each the longest-prefix match of a
// dictionary inside each segment, an unmatched character kept).
class PrefixDictionary {
 public:
  PrefixDictionary(const script_tables::ScriptEntry* entries, std::size_t size) {
    by_key_.reserve(size);
    for (const auto& entry : std::span(entries, size)) {
      by_key_.emplace(entry.key, &entry);
      longest_key_ = std::max(longest_key_, entry.key.size());
    }
  }

  bool empty() const { return by_key_.empty(); }

  // The entry whose key is the longest prefix of `text`, or nullptr. Keys
  // are whole UTF-8 characters, so only prefixes ending before a lead byte
  // (or at the end) are tried.
  const script_tables::ScriptEntry* match_prefix(std::string_view text) const {
    for (std::size_t length = std::min(longest_key_, text.size()); length > 0; --length) {
      if (length < text.size() && (static_cast<unsigned char>(text[length]) & 0xC0) == 0x80) continue;
      if (auto it = by_key_.find(text.substr(0, length)); it != by_key_.end()) return it->second;
    }
    return nullptr;
  }

 private:
  std::unordered_map<std::string_view, const script_tables::ScriptEntry*> by_key_;
  std::size_t longest_key_ = 0;
};

// The length of the UTF-8 character at the start of `text` as OpenCC reads
// it (from the first byte alone), or 0 where OpenCC would throw (and the
// phrase was then left without that spelling).
std::size_t next_character_length(std::string_view text) {
  const auto c = static_cast<unsigned char>(text[0]);
  std::size_t length = 0;
  if ((c & 0x80) == 0x00) length = 1;
  else if ((c & 0xE0) == 0xC0) length = 2;
  else if ((c & 0xF0) == 0xE0) length = 3;
  else if ((c & 0xF8) == 0xF0) length = 4;
  else if ((c & 0xFC) == 0xF8) length = 5;
  else if ((c & 0xFE) == 0xFC) length = 6;
  return length <= text.size() ? length : 0;
}

// One conversion of one segment; nullopt for text OpenCC refused.
std::optional<std::string> convert_segment(std::string_view segment, const PrefixDictionary& dictionary) {
  std::string out;
  while (!segment.empty()) {
    std::size_t length;
    if (const auto* entry = dictionary.match_prefix(segment)) {
      length = entry->key.size();
      out += entry->value;
    } else {
      length = next_character_length(segment);
      if (length == 0) return std::nullopt;
      out += segment.substr(0, length);
    }
    segment.remove_prefix(length);
  }
  return out;
}

std::optional<std::string> to_traditional(std::string_view phrase, const PrefixDictionary& characters,
                                          const PrefixDictionary* variants) {
  phrase = phrase.substr(0, phrase.find('\0'));  // OpenCC read C strings
  // Segmentation: each matched key is a segment, and so is each run of
  // unmatched characters.
  std::vector<std::string_view> segments;
  std::size_t run_start = 0, run_length = 0;
  for (std::size_t at = 0; at < phrase.size();) {
    std::size_t length;
    if (const auto* entry = characters.match_prefix(phrase.substr(at))) {
      if (run_length > 0) segments.push_back(phrase.substr(run_start, run_length));
      run_length = 0;
      length = entry->key.size();
      segments.push_back(phrase.substr(at, length));
      run_start = at + length;
    } else {
      length = next_character_length(phrase.substr(at));
      if (length == 0) return std::nullopt;
      run_length += length;
    }
    at += length;
  }
  if (run_length > 0) segments.push_back(phrase.substr(run_start, run_length));
  std::string out;
  for (std::string_view segment : segments) {
    std::optional<std::string> converted = convert_segment(segment, characters);
    if (converted && variants) converted = convert_segment(*converted, *variants);
    if (!converted) return std::nullopt;
    out += *converted;
  }
  return out;
}

}  // namespace

std::vector<std::string> with_traditional_spellings(std::vector<std::string> phrases) {
  using namespace script_tables;
  static const PrefixDictionary characters(kCharacters, kCharactersSize);
  static const PrefixDictionary taiwan(kTaiwanVariants, kTaiwanVariantsSize);
  static const PrefixDictionary hong_kong(kHongKongVariants, kHongKongVariantsSize);
  if (characters.empty()) return phrases;  // OpenCC's data was missing when hlint was built
  std::unordered_set<std::string> seen(phrases.begin(), phrases.end());
  const std::size_t original = phrases.size();
  // The three conversions OpenCC's converters made: characters, then
  // characters with the Taiwan and with the Hong Kong variants.
  for (const PrefixDictionary* variants : {static_cast<const PrefixDictionary*>(nullptr), &taiwan, &hong_kong}) {
    if (variants && variants->empty()) continue;  // that dictionary was missing: no converter
    for (std::size_t i = 0; i < original; ++i) {
      std::optional<std::string> spelled = to_traditional(phrases[i], characters, variants);
      if (spelled && seen.insert(*spelled).second) phrases.push_back(std::move(*spelled));
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
