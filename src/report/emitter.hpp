// Output formats. Each is a small emitter over the same findings (ruff's
// design): text for people, JSON for scripts, SARIF for code scanning.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "core/check.hpp"
#include "core/diagnostic.hpp"

namespace hlint {

struct Report {
  const CheckRegistry* registry = nullptr;
  const std::vector<Finding>* findings = nullptr;
  std::size_t files = 0;
  bool color = false;
  std::string version;
  std::string source_root_uri;  // file:///abs/dir/ that relative paths are based on
};

void emit_text(const Report& report, std::ostream& out);
void emit_json(const Report& report, std::ostream& out);
void emit_sarif(const Report& report, std::ostream& out);

// Percent-encodes a relative path for a URI (RFC 3986), keeping '/'.
std::string path_to_uri(std::string_view path);

}  // namespace hlint
