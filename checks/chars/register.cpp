#include "core/check.hpp"

namespace hlint {

void add_latin_for_han_check(CheckRegistry& registry);
void add_split_word_check(CheckRegistry& registry);
void add_replacement_char_check(CheckRegistry& registry);
void add_mojibake_check(CheckRegistry& registry);
void add_control_check(CheckRegistry& registry);
void add_zero_width_check(CheckRegistry& registry);

void register_chars_checks(CheckRegistry& registry) {
  add_latin_for_han_check(registry);
  add_split_word_check(registry);
  add_replacement_char_check(registry);
  add_mojibake_check(registry);
  add_control_check(registry);
  add_zero_width_check(registry);
}

}  // namespace hlint
