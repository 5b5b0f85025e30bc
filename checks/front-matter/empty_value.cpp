// front-matter/empty-value: a front-matter key whose value is empty, null or a
// placeholder such as `undefined`.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <optional>

#include "core/check.hpp"
#include "front-matter/front_matter_values.hpp"

namespace hlint {

class EmptyValueCheck : public Check {
 public:
  static CheckInfo info() {
    return {"front-matter/empty-value",
            Severity::warning,
            {{"allow-empty", OptionType::string_list, "tags", "keys that may be left empty"},
             {"placeholders", OptionType::phrase_list, "front-matter-placeholders",
              "values that stand for a missing value (`undefined`, `None`...)"}},
            false};
  }
  explicit EmptyValueCheck(const CheckOptions& options)
      : allow_empty_(front_matter::strings_option(options, "allow-empty", {"tags"})),
        placeholders_(front_matter::phrases_option(options, "placeholders", "front-matter-placeholders")) {}

  void check(const Document& doc, Reporter& out) const override {
    const auto& fm = doc.front_matter();
    if (!front_matter::parsed(fm)) return;  // front-matter/yaml-syntax reports it
    for (const FrontMatterEntry& entry : fm->entries) {
      if (entry.key.empty() || is_allowed_empty(entry.key)) continue;
      if (auto problem = describe_emptiness(entry)) out.report(entry.key_span, std::move(*problem));
    }
  }

 private:
  bool is_allowed_empty(const std::string& key) const {
    return std::find(allow_empty_.begin(), allow_empty_.end(), key) != allow_empty_.end();
  }

  std::optional<std::string> placeholder_of(const YamlNode& node) const {
    if (!node.IsScalar()) return std::nullopt;
    const std::string_view text = front_matter::trim(node.Scalar());
    if (std::find(placeholders_.begin(), placeholders_.end(), text) == placeholders_.end()) return std::nullopt;
    return std::string(text);
  }

  bool is_empty_item(const YamlNode& node) const {
    if (!node.IsDefined() || node.IsNull()) return true;
    if (node.IsScalar()) return front_matter::is_blank(node.Scalar()) || placeholder_of(node).has_value();
    return node.size() == 0;
  }

  // What is empty about the entry's value, or nothing when it has content.
  std::optional<std::string> describe_emptiness(const FrontMatterEntry& entry) const {
    const YamlNode& value = entry.value;
    const std::string key = front_matter::excerpt(entry.key);
    if (!value.IsDefined() || value.IsNull()) return fmt::format("`{}` has no value", key);
    if (value.IsScalar()) {
      if (value.Scalar().empty()) return fmt::format("`{}` is an empty string", key);
      if (front_matter::is_blank(value.Scalar())) return fmt::format("`{}` holds only white space", key);
      if (auto placeholder = placeholder_of(value))
        return fmt::format("`{}` is `{}`, a placeholder a script wrote instead of a value", key, *placeholder);
      return std::nullopt;
    }
    if (value.IsMap()) {
      if (value.size() == 0) return fmt::format("`{}` is an empty mapping", key);
      return std::nullopt;
    }
    if (value.IsSequence()) {
      if (value.size() == 0) return fmt::format("`{}` is an empty list", key);
      std::vector<std::size_t> empty_items;  // 1-based, as a reader counts them
      std::size_t number = 0;
      for (const YamlNode& item : value) {
        ++number;
        if (is_empty_item(item)) empty_items.push_back(number);
      }
      if (empty_items.size() == value.size()) return fmt::format("`{}` lists only empty items", key);
      if (empty_items.size() == 1) return fmt::format("item {} of `{}` is empty", empty_items.front(), key);
      if (!empty_items.empty()) return fmt::format("items {} of `{}` are empty", fmt::join(empty_items, ", "), key);
    }
    return std::nullopt;
  }

  std::vector<std::string> allow_empty_;
  std::vector<std::string> placeholders_;
};

void add_empty_value_check(CheckRegistry& registry) { registry.add<EmptyValueCheck>(); }

}  // namespace hlint
