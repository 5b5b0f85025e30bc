#include "report/rule_listing.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/check.hpp"
#include "core/rule_suggestion.hpp"

namespace hlint {

namespace {

std::string_view option_type_name(OptionType type) {
  switch (type) {
    case OptionType::boolean: return "boolean";
    case OptionType::integer: return "integer";
    case OptionType::number: return "number";
    case OptionType::string: return "string";
    case OptionType::string_list: return "string list";
    case OptionType::phrase_list: return "phrase list";
  }
  return "string";
}

void list_line(const RuleDefinition& rule, std::ostream& out) {
  out << fmt::format("{:<36} {:<8} {:<6} {}{}\n", rule.info.id, to_string(rule.info.default_severity),
                     rule.fix ? to_string(*rule.fix) : "-", rule.info.enabled_by_default ? "" : "(opt-in) ",
                     rule.summary);
}

}  // namespace

void list_rules(const CheckRegistry& registry, const std::string& format, std::ostream& out) {
  if (format != "json") {
    for (const auto& rule : registry.rules()) list_line(rule, out);
    return;
  }
  nlohmann::json rules = nlohmann::json::array();
  for (const auto& rule : registry.rules()) {
    nlohmann::json options = nlohmann::json::array();
    for (const auto& option : rule.info.options)
      options.push_back({{"name", option.name},
                         {"type", option_type_name(option.type)},
                         {"default", option.default_value},
                         {"description", option.description}});
    rules.push_back({{"id", rule.info.id},
                     {"family", rule.info.id.substr(0, rule.info.id.find('/'))},
                     {"severity", to_string(rule.info.default_severity)},
                     {"corpus", rule.info.corpus},
                     {"enabled_by_default", rule.info.enabled_by_default},
                     {"fix", rule.fix ? nlohmann::json(to_string(*rule.fix)) : nlohmann::json(nullptr)},
                     {"summary", rule.summary},
                     {"options", options}});
  }
  out << rules.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

int explain_rules(const CheckRegistry& registry, const std::string& query, std::ostream& out, std::ostream& err) {
  if (const auto* rule = registry.find(query)) {
    out << rule->documentation;
    if (rule->documentation.empty() || rule->documentation.back() != '\n') out << '\n';
    return 0;
  }
  const std::vector<std::string> matching = rules_starting_with(registry, query);
  if (!matching.empty()) {
    out << fmt::format("{} rule{} start{} with `{}` (hlint --explain RULE for one):\n", matching.size(),
                       matching.size() == 1 ? "" : "s", matching.size() == 1 ? "s" : "", query);
    for (const auto& id : matching) list_line(*registry.find(id), out);
    return 0;
  }
  const std::optional<std::string> near = closest_rule(registry, query);
  if (near)
    err << fmt::format("hlint: unknown rule `{}`; did you mean `{}`? (see hlint --list-rules)\n", query, *near);
  else
    err << fmt::format("hlint: unknown rule `{}` (see hlint --list-rules)\n", query);
  return 2;
}

}  // namespace hlint
