// --statistics: one line per rule (count, documents affected, share of
// documents, severity, fixable), sorted by count then id, and the totals;
// with --format json the same as JSON (audit::statistics_json).
#include <fmt/format.h>

#include <algorithm>

#include "report/audit/audit_run.hpp"
#include "report/audit/audit_summary.hpp"
#include "report/emitter.hpp"

namespace hlint {

namespace {

std::string percent(std::size_t part, std::size_t whole) {
  return whole ? fmt::format("{:.1f}%", 100.0 * static_cast<double>(part) / static_cast<double>(whole)) : "-";
}

std::size_t digits(std::size_t n) { return fmt::formatted_size("{}", n); }

}  // namespace

void emit_statistics_text(const Report& report, std::ostream& out) {
  const audit::AuditSummary summary(report);
  // Columns as wide as their largest value (or their heading).
  std::size_t count_width = std::string_view("count").size();
  std::size_t documents_width = std::string_view("documents").size();
  for (const auto& stats : summary.rules) {
    count_width = std::max(count_width, digits(stats.count));
    documents_width = std::max(documents_width, digits(stats.documents));
  }
  count_width = std::max(count_width, digits(summary.findings));
  documents_width = std::max(documents_width, digits(summary.documents_with_findings));
  out << fmt::format("{:>{}}  {:>{}}  {:>6}  {:<8}  {:<7}  {}\n", "count", count_width, "documents", documents_width,
                     "share", "severity", "fixable", "rule");
  for (const auto& stats : summary.rules) {
    const std::string fixable = stats.fixable == 0              ? "no"
                                : stats.fixable == stats.count ? "yes"
                                                               : fmt::format("{}", stats.fixable);
    out << fmt::format("{:>{}}  {:>{}}  {:>6}  {:<8}  {:<7}  {}\n", stats.count, count_width, stats.documents,
                       documents_width, percent(stats.documents, summary.files), to_string(stats.highest()), fixable,
                       stats.rule);
  }
  out << fmt::format("{:>{}}  {:>{}}  {:>6}  {:<8}  {:<7}  {}\n", summary.findings, count_width,
                     summary.documents_with_findings, documents_width,
                     percent(summary.documents_with_findings, summary.files), "", summary.fixable,
                     fmt::format("total ({} file{}; {} error{}, {} warning{}, {} info)", summary.files,
                                 summary.files == 1 ? "" : "s", summary.by_severity[2],
                                 summary.by_severity[2] == 1 ? "" : "s", summary.by_severity[1],
                                 summary.by_severity[1] == 1 ? "" : "s", summary.by_severity[0]));
  if (report.baseline_applied)
    out << fmt::format("baseline: {} new, {} unchanged, {} fixed\n", summary.findings, report.baseline_matched,
                       report.audit ? report.audit->baseline_fixed_total : 0);
}

void emit_statistics_json(const Report& report, std::ostream& out) {
  const audit::AuditSummary summary(report);
  out << audit::statistics_json(report, summary);
}

}  // namespace hlint
