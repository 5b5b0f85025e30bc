#include "core/check.hpp"

namespace hlint {

void add_duplicate_item_check(CheckRegistry& registry);
void add_repeats_article_check(CheckRegistry& registry);
void add_doubled_title_check(CheckRegistry& registry);
void add_near_duplicate_check(CheckRegistry& registry);
void add_truncated_blurb_check(CheckRegistry& registry);
void add_corpus_boilerplate_check(CheckRegistry& registry);

void register_related_checks(CheckRegistry& registry) {
  add_duplicate_item_check(registry);
  add_repeats_article_check(registry);
  add_doubled_title_check(registry);
  add_near_duplicate_check(registry);
  add_truncated_blurb_check(registry);
  add_corpus_boilerplate_check(registry);
}

}  // namespace hlint
