// front-matter/duplicate-key: the same top-level key twice in the front matter.
#include <fmt/format.h>

#include <unordered_map>

#include "core/check.hpp"
#include "front-matter/front_matter_values.hpp"

namespace hlint {

class DuplicateKeyCheck : public Check {
 public:
  static CheckInfo info() { return {"front-matter/duplicate-key", Severity::error, {}, false}; }
  explicit DuplicateKeyCheck(const CheckOptions&) {}

  void check(const Document& doc, Reporter& out) const override {
    const auto& fm = doc.front_matter();
    if (!fm) return;
    // The YAML tree keeps every occurrence of a repeated key in the mapping, and
    // the model lists them in order, so the first occurrence is the one seen
    // first here.
    std::unordered_map<std::string_view, const FrontMatterEntry*> first_of;
    for (const FrontMatterEntry& entry : fm->entries) {
      if (entry.key.empty()) continue;  // a complex (non-scalar) key: not comparable by text
      const auto [it, inserted] = first_of.emplace(entry.key, &entry);
      if (inserted) continue;
      const std::uint32_t first_line = doc.locate(it->second->key_span).start.line;
      out.report(entry.key_span, fmt::format("`{}` is already set on line {}: YAML keys must be unique, and js-yaml "
                                             "(hexo's parser) rejects the whole front matter",
                                             front_matter::excerpt(entry.key), first_line));
    }
  }
};

void add_duplicate_key_check(CheckRegistry& registry) { registry.add<DuplicateKeyCheck>(); }

}  // namespace hlint
