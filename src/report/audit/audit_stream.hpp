// One pass over a run for the audit formats: the finding spool (in path
// order) read together with the per-document records (in the same order),
// so every document is seen once with the counts of its findings. Nothing
// but the current document is held.
#pragma once

#include <array>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "report/audit/document_facts.hpp"
#include "report/emitter.hpp"

namespace hlint::audit {

struct DocumentCounts {
  std::size_t findings = 0;
  std::size_t fixable = 0;
  std::array<std::size_t, 3> by_severity{};  // indexed by Severity (info, warning, error)
  // Findings per rule, in the order rules first appear in the document.
  std::vector<std::pair<std::string, std::size_t>> by_rule;

  std::size_t of_rule(std::string_view rule) const;
  void add(const Finding& finding);
};

// Calls `on_finding` for every finding of the report, in order, with whether
// it belongs to a linted document (false for a path the walk could not
// read), and `on_document` for every document once its findings are all
// seen. Findings are read summarised (FindingSpool::for_each_summary).
void for_each_document(const Report& report,
                       const std::function<void(const DocumentFacts&, const DocumentCounts&)>& on_document,
                       const std::function<void(const Finding&, bool of_document)>& on_finding = {});

}  // namespace hlint::audit
