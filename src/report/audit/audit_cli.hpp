// The audit formats' part of the command line, kept out of main.cpp.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "report/emitter.hpp"

namespace hlint::audit {

// Formats that read per-document records (LintOptions::describe_document).
inline bool needs_document_records(const std::string& format) { return format == "documents" || format == "html"; }

// Whether the main format or a `--report FORMAT=FILE` needs the records.
inline bool run_needs_document_records(const std::string& format, const std::vector<std::string>& extra_reports) {
  if (needs_document_records(format)) return true;
  for (const std::string& spec : extra_reports)
    if (needs_document_records(spec.substr(0, spec.find('=')))) return true;
  return false;
}

// --statistics: a table for `text`, JSON for `json`.
inline void emit_statistics(const std::string& format, const Report& report, std::ostream& out) {
  if (format == "json")
    emit_statistics_json(report, out);
  else
    emit_statistics_text(report, out);
}

}  // namespace hlint::audit
