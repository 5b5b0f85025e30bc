// Presence and wording checks of an article's content: where it came from, its
// medical disclaimer, page chrome, empty markup, contact details and
// advertising claims.
#include "core/check.hpp"

namespace hlint {

void add_attribution_missing_check(CheckRegistry& registry);
void add_disclaimer_missing_check(CheckRegistry& registry);
void add_scrape_residue_check(CheckRegistry& registry);
void add_empty_element_check(CheckRegistry& registry);
void add_obfuscated_contact_check(CheckRegistry& registry);
void add_phone_number_check(CheckRegistry& registry);
void add_advertising_claim_check(CheckRegistry& registry);

void register_content_checks(CheckRegistry& registry) {
  add_attribution_missing_check(registry);
  add_disclaimer_missing_check(registry);
  add_scrape_residue_check(registry);
  add_empty_element_check(registry);
  add_obfuscated_contact_check(registry);
  add_phone_number_check(registry);
  add_advertising_claim_check(registry);
}

}  // namespace hlint
