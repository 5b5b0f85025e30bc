// JUnit XML, the test report most CI systems display (GitLab's
// `artifacts: reports: junit:`, Jenkins, Azure Pipelines): one <testsuite>
// per file with findings, one failed <testcase> per finding. A clean run is
// one passing test case, so dashboards show that hlint ran.
#include <fmt/format.h>

#include <vector>

#include "core/utf8.hpp"
#include "report/emitter.hpp"

namespace hlint {

namespace {

// Escapes text for an XML 1.0 attribute or element. Characters XML 1.0
// cannot carry at all (C0 controls but tab/LF/CR, U+FFFE, U+FFFF, invalid
// UTF-8) become U+FFFD so the report still parses.
std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8::valid_sequence_length(text, i);
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    const char32_t cp = utf8::decode(text, i).code_point;
    if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE || cp == 0xFFFF) {
      out += "\xEF\xBF\xBD";
    } else if (cp == '&') {
      out += "&amp;";
    } else if (cp == '<') {
      out += "&lt;";
    } else if (cp == '>') {
      out += "&gt;";
    } else if (cp == '"') {
      out += "&quot;";
    } else if (cp == '\'') {
      out += "&apos;";
    } else if (cp == '\n' || cp == '\r' || cp == '\t') {
      // Attribute values normalise raw white space away: keep it as a reference.
      out += fmt::format("&#{};", static_cast<unsigned>(cp));
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

}  // namespace

void emit_junit(const Report& report, std::ostream& out) {
  const std::size_t total = report.findings->empty() ? 1 : report.findings->size();
  const std::size_t failures = report.findings->size();
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format("<testsuites name=\"hlint\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\" time=\"0\">\n",
                     total, failures);
  if (report.findings->empty()) {
    out << "  <testsuite name=\"hlint\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\" time=\"0\">\n";
    out << fmt::format("    <testcase name=\"{} linted without findings\" classname=\"hlint\" time=\"0\"/>\n",
                       xml_escape(fmt::format("{} file{}", report.files, report.files == 1 ? "" : "s")));
    out << "  </testsuite>\n";
  }
  // One suite per file; findings come sorted by path, so only the current
  // file's findings are held (the suite's header counts them).
  std::vector<Finding> suite_findings;
  auto write_suite = [&] {
    if (suite_findings.empty()) return;
    const std::string& path = suite_findings.front().path;
    const std::string suite = path.empty() ? std::string("hlint") : path;
    out << fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\" time=\"0\">\n",
        xml_escape(suite), suite_findings.size(), suite_findings.size());
    for (const Finding& f : suite_findings) {
      const std::string where =
          f.has_location ? fmt::format("{}:{}:{}", suite, f.location.start.line, f.location.start.column) : suite;
      std::string name = f.rule;
      if (f.has_location) name += fmt::format(" at {}:{}", f.location.start.line, f.location.start.column);
      std::string line_attribute;
      if (f.has_location && !path.empty()) line_attribute = fmt::format(" line=\"{}\"", f.location.start.line);
      std::string file_attribute;
      if (!path.empty()) file_attribute = fmt::format(" file=\"{}\"", xml_escape(path));
      out << fmt::format("    <testcase name=\"{}\" classname=\"{}\"{}{} time=\"0\">\n", xml_escape(name),
                         xml_escape(suite), file_attribute, line_attribute);
      std::string body = fmt::format("{}: {}[{}] {}", where, to_string(f.severity), f.rule, f.message);
      if (f.fix_description) body += "\nfix: " + *f.fix_description;
      out << fmt::format("      <failure message=\"{}\" type=\"{}\">{}</failure>\n", xml_escape(f.message),
                         xml_escape(f.rule), xml_escape(body));
      out << "    </testcase>\n";
    }
    out << "  </testsuite>\n";
    suite_findings.clear();
  };
  report.findings->for_each([&](const Finding& f) {
    if (!suite_findings.empty() && suite_findings.front().path != f.path) write_suite();
    suite_findings.push_back(f);
  });
  write_suite();
  out << "</testsuites>\n";
}

}  // namespace hlint
