// OpenCC's Simplified→Traditional character dictionaries, generated at build
// time by src/tools/traditional_tables.cpp (see core/script_variants.cpp).
// Each table is sorted by key (bytewise); a value is the entry's default
// (first) spelling.
#pragma once

#include <cstddef>
#include <string_view>

namespace hlint::script_tables {

struct ScriptEntry {
  std::string_view key;
  std::string_view value;
};

extern const ScriptEntry kCharacters[];
extern const std::size_t kCharactersSize;
extern const ScriptEntry kTaiwanVariants[];
extern const std::size_t kTaiwanVariantsSize;
extern const ScriptEntry kHongKongVariants[];
extern const std::size_t kHongKongVariantsSize;

}  // namespace hlint::script_tables
