// Defects a publishing pipeline (RSS feed → hexo post, scraper → text file)
// leaves in the documents it writes: labels written twice, titles damaged by
// file-name sanitising or cut with `...`, bodies that are only the title,
// affiliate links, and one lead image on many unrelated posts.
#include "core/check.hpp"

namespace hlint {

void add_doubled_label_check(CheckRegistry& registry);
void add_truncated_title_check(CheckRegistry& registry);
void add_thin_body_check(CheckRegistry& registry);
void add_sanitised_title_check(CheckRegistry& registry);
void add_tracking_link_check(CheckRegistry& registry);
void add_shared_lead_image_check(CheckRegistry& registry);

void register_pipeline_checks(CheckRegistry& registry) {
  add_doubled_label_check(registry);
  add_truncated_title_check(registry);
  add_thin_body_check(registry);
  add_sanitised_title_check(registry);
  add_tracking_link_check(registry);
  add_shared_lead_image_check(registry);
}

}  // namespace hlint
