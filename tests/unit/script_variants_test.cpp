// with_traditional_spellings converts over tables generated from OpenCC's
// dictionaries at build time. It must give exactly what OpenCC's own
// converters (the character configurations hlint used to load at every
// start) give: compared on every phrase list shipped with the checks, every
// line of the Han frequency list, and hand-made edge cases.
#include <catch2/catch.hpp>

#include <opencc/Config.hpp>
#include <opencc/Converter.hpp>

#include <unordered_set>

#include "core/resources.hpp"
#include "core/script_variants.hpp"

namespace {

std::shared_ptr<opencc::Converter> opencc_converter(const char* variants) {
  std::string json = R"({"name": "s2t", "segmentation": {"type": "mmseg", "dict": {"type": "ocd2", "file": )"
                     R"("STCharacters.ocd2"}}, "conversion_chain": [{"dict": {"type": "ocd2", "file": )"
                     R"("STCharacters.ocd2"}})";
  if (variants) json += std::string(R"(, {"dict": {"type": "ocd2", "file": ")") + variants + R"("}})";
  json += "]}";
  opencc::Config config;
  return config.NewFromString(json, "/usr/share/opencc/");
}

// The old implementation: OpenCC at run time.
std::vector<std::string> opencc_spellings(std::vector<std::string> phrases) {
  static const std::vector<std::shared_ptr<opencc::Converter>> converters = {
      opencc_converter(nullptr), opencc_converter("TWVariants.ocd2"), opencc_converter("HKVariants.ocd2")};
  std::unordered_set<std::string> seen(phrases.begin(), phrases.end());
  const std::size_t original = phrases.size();
  for (const auto& converter : converters) {
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

}  // namespace

TEST_CASE("Traditional spellings from the generated tables are OpenCC's", "[script]") {
  std::size_t lists = 0, phrases = 0;
  for (const auto& file : hlint::embedded_files()) {
    if (file.path.rfind("data/", 0) != 0 || file.path.size() < 4 || file.path.substr(file.path.size() - 4) != ".txt")
      continue;
    std::vector<std::string> list = hlint::parse_phrase_list(file.content);
    ++lists;
    phrases += list.size();
    INFO(file.path);
    CHECK(hlint::with_traditional_spellings(list) == opencc_spellings(list));
  }
  CHECK(lists >= 20);
  CHECK(phrases >= 1000);
}

TEST_CASE("Traditional spellings: edge cases", "[script]") {
  const std::vector<std::string> edge = {
      "",  "a", "以下转载自", "免责声明：本文仅供参考", "台湾 香港 里 后 面 发 干",  // regional variants and
      "只有一个干净的后面", "着 么 为 于", "abc转载def", "\xFF\xFE bad",  // one-to-many characters
      "ok\0hidden", "🙂转载🙂", "𠮷"};
  for (const auto& phrase : edge) {
    INFO(phrase);
    CHECK(hlint::with_traditional_spellings({phrase}) == opencc_spellings({phrase}));
  }
  // A character cut off at the end: OpenCC read past the end of the string
  // (whatever followed in memory); the tables give no other spelling.
  CHECK(hlint::with_traditional_spellings({"转\xC3"}) == std::vector<std::string>{"转\xC3"});
  CHECK(hlint::with_traditional_spellings({"\xE4\xB8"}) == std::vector<std::string>{"\xE4\xB8"});
  const auto spelled = hlint::with_traditional_spellings({"以下转载自", "台湾"});
  CHECK(std::find(spelled.begin(), spelled.end(), "以下轉載自") != spelled.end());
  CHECK(std::find(spelled.begin(), spelled.end(), "臺灣") != spelled.end());
}
