// --format documents: JSON Lines, one object per linted file in path order
// (what pandas.read_json(lines=True) and data-juicer read as is). Written
// while the spool is read, one document at a time: memory does not grow
// with the corpus. Shape (stable): {"path","format","encoding","bytes",
// "title","publisher","author","categories","date","date_iso",
// "health_article","has_disclaimer","has_attribution","images",
// "lead_image","findings","fixable","by_severity":{"error","warning",
// "info"},"by_rule":{rule: count}}; unknown values are null.
#include <nlohmann/json.hpp>

#include "report/audit/audit_run.hpp"
#include "report/audit/audit_stream.hpp"
#include "report/emitter.hpp"

namespace hlint {

namespace {

constexpr auto kReplace = nlohmann::json::error_handler_t::replace;

nlohmann::ordered_json text_or_null(const std::optional<std::string>& value) {
  return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

// Whether the document has what the presence rule `rule` looks for: null
// when the rule did not look (disabled for the path, or a file that was not
// modelled).
nlohmann::ordered_json has(const Report& report, const audit::DocumentFacts& facts,
                           const audit::DocumentCounts& counts, const std::string& rule) {
  if (facts.format == "empty" || facts.format == "binary" || facts.format == "unreadable") return nullptr;
  if (report.audit && report.audit->rule_ran && !report.audit->rule_ran(rule, facts.path)) return nullptr;
  // Disclaimers and sources are only required of health articles (the rules
  // do not look at other documents unless configured to).
  if (facts.health_article && !*facts.health_article) return nullptr;
  return counts.of_rule(rule) == 0;
}

}  // namespace

void emit_documents(const Report& report, std::ostream& out) {
  std::string line;
  audit::for_each_document(report, [&](const audit::DocumentFacts& facts, const audit::DocumentCounts& counts) {
    nlohmann::ordered_json by_rule = nlohmann::ordered_json::object();
    for (const auto& [rule, count] : counts.by_rule) by_rule[rule] = count;
    const nlohmann::ordered_json object = {
        {"path", facts.path},
        {"format", facts.format},
        {"encoding", facts.encoding.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(facts.encoding)},
        {"bytes", facts.bytes},
        {"title", text_or_null(facts.title)},
        {"publisher", text_or_null(facts.publisher)},
        {"author", text_or_null(facts.author)},
        {"categories", facts.categories},
        {"date", text_or_null(facts.date)},
        {"date_iso", text_or_null(facts.date_iso)},
        {"health_article", facts.health_article ? nlohmann::ordered_json(*facts.health_article) : nullptr},
        {"has_disclaimer", has(report, facts, counts, "disclaimer/missing")},
        {"has_attribution", has(report, facts, counts, "attribution/missing")},
        {"images", facts.images},
        {"lead_image", text_or_null(facts.lead_image)},
        {"findings", counts.findings},
        {"fixable", counts.fixable},
        {"by_severity", {{"error", counts.by_severity[2]}, {"warning", counts.by_severity[1]}, {"info", counts.by_severity[0]}}},
        {"by_rule", std::move(by_rule)}};
    line = object.dump(-1, ' ', false, kReplace);
    line += '\n';
    out.write(line.data(), static_cast<std::streamsize>(line.size()));
  });
}

}  // namespace hlint
