#include "report/audit/audit_summary.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <queue>

#include "report/audit/audit_run.hpp"

namespace hlint::audit {

namespace {

constexpr auto kReplace = nlohmann::json::error_handler_t::replace;

// Files the linter did not model: no title, date or presence checks.
bool modelled(const DocumentFacts& facts) {
  return facts.format != "empty" && facts.format != "binary" && facts.format != "unreadable";
}

// `broken image: not_found (HTTP 404)...`: the failure class images/broken-link names.
std::string broken_image_class(const std::string& message) {
  constexpr std::string_view prefix = "broken image: ";
  if (message.rfind(prefix, 0) != 0) return "no network";
  const std::size_t end = message.find(' ', prefix.size());
  return message.substr(prefix.size(), end == std::string::npos ? std::string::npos : end - prefix.size());
}

}  // namespace

Severity RuleStats::highest() const {
  if (by_severity[2]) return Severity::error;
  if (by_severity[1]) return Severity::warning;
  return Severity::info;
}

void GroupTable::add(const std::string& key, const DocumentCounts& counts) {
  auto found = groups_.find(key);
  GroupStats* stats = nullptr;
  if (found != groups_.end()) {
    stats = &found->second;
  } else if (groups_.size() < kMaxGroups) {
    stats = &groups_[key];
  } else {
    stats = &other_;
    ++keys_dropped_;
  }
  ++stats->documents;
  stats->findings += counts.findings;
  for (std::size_t s = 0; s < 3; ++s) stats->by_severity[s] += counts.by_severity[s];
}

std::vector<std::pair<std::string, GroupStats>> GroupTable::worst_first() const {
  std::vector<std::pair<std::string, GroupStats>> out(groups_.begin(), groups_.end());
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    // Compared as integers (findings * 100 / documents, cross-multiplied): no rounding ties.
    const auto left = static_cast<unsigned __int128>(a.second.findings) * b.second.documents;
    const auto right = static_cast<unsigned __int128>(b.second.findings) * a.second.documents;
    if (left != right) return left > right;
    if (a.second.findings != b.second.findings) return a.second.findings > b.second.findings;
    return a.first < b.first;
  });
  return out;
}

void FrequentTexts::add(const std::string& text) {
  ++total_;
  ++counts_[text];
  if (counts_.size() >= 2 * capacity_) prune();
}

void FrequentTexts::prune() {
  // Batched Misra-Gries: subtract the (capacity+1)-th largest count from
  // every counter and drop those that reach zero; a text's count is then at
  // most `undercount_` below its true count.
  std::vector<std::size_t> values;
  values.reserve(counts_.size());
  for (const auto& [text, count] : counts_) values.push_back(count);
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(capacity_), values.end(),
                   std::greater<>());
  const std::size_t cut = values[capacity_];
  undercount_ += cut;
  for (auto it = counts_.begin(); it != counts_.end();) {
    if (it->second <= cut) {
      it = counts_.erase(it);
    } else {
      it->second -= cut;
      ++it;
    }
  }
}

std::vector<std::pair<std::string, std::size_t>> FrequentTexts::top(std::size_t n) const {
  std::vector<std::pair<std::string, std::size_t>> out(counts_.begin(), counts_.end());
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (out.size() > n) out.resize(n);
  return out;
}

const std::vector<std::string>& AuditSummary::presence_rules() {
  static const std::vector<std::string> rules = {"disclaimer/missing", "attribution/missing",
                                                 "front-matter/missing-key"};
  return rules;
}

AuditSummary::AuditSummary(const Report& report) : files(report.files) {
  has_documents = report.audit && report.audit->documents;
  for (const std::string& rule : presence_rules())
    if (!report.registry || report.registry->find(rule)) presence.push_back(PresenceCheck{rule});
  for_each_document(
      report, [&](const DocumentFacts& facts, const DocumentCounts& counts) { add_document(report, facts, counts); },
      [&](const Finding& finding, bool of_document) { add_finding(finding, of_document); });

  rules.reserve(rule_map_.size());
  for (auto& [id, stats] : rule_map_) rules.push_back(std::move(stats));
  std::stable_sort(rules.begin(), rules.end(), [](const RuleStats& a, const RuleStats& b) {
    return a.count != b.count ? a.count > b.count : a.rule < b.rule;
  });
  std::sort(top_documents.begin(), top_documents.end(), [](const TopDocument& a, const TopDocument& b) {
    return a.findings != b.findings ? a.findings > b.findings : a.path < b.path;
  });
}

void AuditSummary::add_finding(const Finding& finding, bool of_document) {
  ++findings;
  if (finding.fix_description) ++fixable;
  ++by_severity[static_cast<std::size_t>(finding.severity)];
  RuleStats& stats = rule_map_[finding.rule];
  if (stats.rule.empty()) stats.rule = finding.rule;
  ++stats.count;
  if (finding.fix_description) ++stats.fixable;
  ++stats.by_severity[static_cast<std::size_t>(finding.severity)];
  // Findings come in path order: a rule's documents are counted at each
  // change of path.
  if (!finding.path.empty()) {
    std::string& last = rule_last_path_[finding.rule];
    if (stats.documents == 0 || last != finding.path) {
      ++stats.documents;
      last = finding.path;
    }
    if (!any_document_finding_ || last_document_path_ != finding.path) {
      ++documents_with_findings;
      last_document_path_ = finding.path;
      any_document_finding_ = true;
    }
  }
  if (!of_document) ++findings_outside_documents;
  if (finding.rule == "images/broken-link")
    ++broken_image_classes[broken_image_class(finding.message)];
  else if (finding.rule.rfind("images/", 0) == 0)
    ++image_rules[finding.rule];
}

void AuditSummary::add_document(const Report& report, const DocumentFacts& facts, const DocumentCounts& counts) {
  ++documents;
  bytes += facts.bytes;
  ++formats[facts.format];
  if (!facts.encoding.empty()) ++encodings[facts.encoding];
  if (facts.date_iso) {
    ++dated;
    if (!first_date || *facts.date_iso < *first_date) first_date = facts.date_iso;
    if (!last_date || *facts.date_iso > *last_date) last_date = facts.date_iso;
  }
  if (!facts.health_article)
    ++health_unknown;
  else if (*facts.health_article)
    ++health_yes;
  else
    ++health_no;
  if (facts.title) ++with_title;
  if (facts.publisher) ++with_publisher;
  if (facts.images) ++with_images;
  image_references += facts.images;

  // Disclaimers and sources are required of health articles only: other
  // documents are not counted as checked (as in --format documents).
  if (modelled(facts) && !(facts.health_article && !*facts.health_article))
    for (PresenceCheck& check : presence) {
      if (report.audit && report.audit->rule_ran && !report.audit->rule_ran(check.rule, facts.path)) continue;
      ++check.checked;
      if (counts.of_rule(check.rule)) ++check.failing;
    }

  by_publisher.add(facts.publisher.value_or("(unknown)"), counts);
  if (facts.categories.empty()) by_category.add("(none)", counts);
  for (const std::string& category : facts.categories) by_category.add(category, counts);
  by_directory.add(facts.directory(), counts);

  if (!facts.related_blurbs.empty()) ++documents_with_blurbs;
  for (const std::string& blurb : facts.related_blurbs) related_blurbs.add(blurb);
  if (facts.lead_image) {
    ++documents_with_lead_image;
    lead_images.add(*facts.lead_image);
  }
  keep_top(facts, counts);
}

void AuditSummary::keep_top(const DocumentFacts& facts, const DocumentCounts& counts) {
  if (counts.findings == 0) return;
  // top_documents is a heap whose front is the least of the kept ones.
  auto less_bad = [](const TopDocument& a, const TopDocument& b) {
    return a.findings != b.findings ? a.findings > b.findings : a.path < b.path;
  };
  if (top_documents.size() == kTopDocuments) {
    const TopDocument& least = top_documents.front();
    if (counts.findings < least.findings || (counts.findings == least.findings && facts.path > least.path)) return;
    std::pop_heap(top_documents.begin(), top_documents.end(), less_bad);
    top_documents.pop_back();
  }
  TopDocument top{facts.path, facts.title.value_or(""), counts.findings, counts.by_severity, ""};
  std::size_t best = 0;
  for (const auto& [rule, count] : counts.by_rule)
    if (count > best) {
      best = count;
      top.top_rule = rule;
    }
  top_documents.push_back(std::move(top));
  std::push_heap(top_documents.begin(), top_documents.end(), less_bad);
}

std::string statistics_json(const Report& report, const AuditSummary& summary) {
  auto severities = [](const SeverityCounts& counts) {
    return nlohmann::ordered_json{{"error", counts[2]}, {"warning", counts[1]}, {"info", counts[0]}};
  };
  auto share = [&](std::size_t documents) {
    return summary.files ? static_cast<double>(documents) / static_cast<double>(summary.files) : 0.0;
  };
  nlohmann::ordered_json rules = nlohmann::ordered_json::array();
  for (const RuleStats& stats : summary.rules)
    rules.push_back({{"rule", stats.rule},
                     {"count", stats.count},
                     {"documents", stats.documents},
                     {"share", share(stats.documents)},
                     {"severity", std::string(to_string(stats.highest()))},
                     {"fixable", stats.fixable > 0},
                     {"fixable_count", stats.fixable},
                     {"by_severity", severities(stats.by_severity)}});
  nlohmann::ordered_json out = {{"version", report.version},
                                {"files", summary.files},
                                {"findings", summary.findings},
                                {"documents_with_findings", summary.documents_with_findings},
                                {"fixable", summary.fixable},
                                {"by_severity", severities(summary.by_severity)},
                                {"rules", std::move(rules)}};
  if (report.baseline_applied) {
    out["baseline"] = {{"new", summary.findings},
                       {"unchanged", report.baseline_matched},
                       {"fixed", report.audit ? report.audit->baseline_fixed_total : 0}};
  }
  return out.dump(2, ' ', false, kReplace) + "\n";
}

}  // namespace hlint::audit
