#include "report/audit/audit_stream.hpp"

#include <optional>

#include "report/audit/audit_run.hpp"

namespace hlint::audit {

std::size_t DocumentCounts::of_rule(std::string_view rule) const {
  for (const auto& [id, count] : by_rule)
    if (id == rule) return count;
  return 0;
}

void DocumentCounts::add(const Finding& finding) {
  ++findings;
  if (finding.fix_description) ++fixable;
  ++by_severity[static_cast<std::size_t>(finding.severity)];
  for (auto& [id, count] : by_rule)
    if (id == finding.rule) {
      ++count;
      return;
    }
  by_rule.emplace_back(finding.rule, 1);
}

void for_each_document(const Report& report,
                       const std::function<void(const DocumentFacts&, const DocumentCounts&)>& on_document,
                       const std::function<void(const Finding&, bool of_document)>& on_finding) {
  std::optional<RecordSpool::Reader> reader;
  if (report.audit && report.audit->documents) reader.emplace(*report.audit->documents);
  std::string record;
  std::optional<DocumentFacts> current;
  DocumentCounts counts;
  auto advance = [&] {
    current.reset();
    counts = DocumentCounts{};
    if (reader && reader->next(record)) current = decode_facts(record);
  };
  auto finish_current = [&] {
    on_document(*current, counts);
    advance();
  };
  advance();
  report.findings->for_each_summary([&](const Finding& f) {
    // Documents before this finding's path have no more findings.
    while (current && current->path < f.path) finish_current();
    const bool of_document = current && current->path == f.path;
    if (of_document) counts.add(f);
    if (on_finding) on_finding(f, of_document);
  });
  while (current) finish_current();
}

}  // namespace hlint::audit
