#include "core/check.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "core/config.hpp"
#include "core/resources.hpp"

namespace hlint {

bool CheckOptions::get_bool(const std::string& name, bool fallback) const {
  return values_[name] ? values_[name].as<bool>() : fallback;
}
long CheckOptions::get_int(const std::string& name, long fallback) const {
  return values_[name] ? values_[name].as<long>() : fallback;
}
double CheckOptions::get_number(const std::string& name, double fallback) const {
  return values_[name] ? values_[name].as<double>() : fallback;
}
std::string CheckOptions::get_string(const std::string& name, const std::string& fallback) const {
  return values_[name] ? values_[name].as<std::string>() : fallback;
}
std::vector<std::string> CheckOptions::get_strings(const std::string& name,
                                                   const std::vector<std::string>& fallback) const {
  const YAML::Node value = values_[name];
  if (!value) return fallback;
  if (value.IsScalar()) return {value.Scalar()};  // `required: title` means a list of one
  return value.as<std::vector<std::string>>();
}
std::vector<std::string> CheckOptions::get_phrases(const std::string& name, const std::string& list_name) const {
  if (values_[name]) return get_strings(name, {});
  return phrases_->get(list_name);
}

void Reporter::report(Span span, std::string message, std::optional<Fix> fix) {
  report(span, severity_, std::move(message), std::move(fix));
}

void Reporter::report(Span span, Severity severity, std::string message, std::optional<Fix> fix) {
  // A document with any diagnostics usually has a dozen or more: room for
  // them at the first, where growing one at a time reallocated (and moved
  // every diagnostic) five times.
  if (out_.capacity() == 0) out_.reserve(16);
  // A check may downgrade a finding (e.g. an "info" variant) but never raise
  // it above what the user configured.
  out_.push_back(Diagnostic{rule_, std::min(severity, severity_), std::move(message), span, std::move(fix),
                            Applicability::unsafe});
}

PlacedSpan place(const Document& doc, Span span) {
  PlacedSpan placed;
  placed.path = doc.path();
  placed.location = doc.locate(span);
  const std::size_t line = doc.lines().line_of(span.begin);
  const std::size_t line_start = doc.lines().line_start(line);
  placed.source_line = line_window(doc.lines().line_text(line), span.begin - line_start, span.end - line_start);
  placed.excerpt = std::string(doc.slice(span).substr(0, 512));
  return placed;
}

void CorpusReporter::report(const PlacedSpan& where, std::string message) {
  report(where, severity_, std::move(message));
}

void CorpusReporter::report(const PlacedSpan& where, Severity severity, std::string message) {
  Finding finding;
  finding.path = where.path;
  finding.rule = rule_;
  finding.severity = std::min(severity, severity_);
  finding.message = std::move(message);
  finding.location = where.location;
  finding.source_line = where.source_line.text;
  finding.source_line_offset = where.source_line.offset;
  finding.source_line_cut = where.source_line.cut;
  finding.fingerprint = where.excerpt;  // replaced by the engine with a hash
  out_.push_back(std::move(finding));
}

void Check::check(const Document&, Reporter&) const {}
void Check::observe(const Document&) {}
void Check::finish(CorpusReporter&) {}

std::string doc_section(std::string_view page, std::string_view title) {
  const std::string heading = fmt::format("\n## {}\n", title);
  auto begin = page.find(heading);
  if (begin == std::string_view::npos) return {};
  begin += heading.size();
  auto end = page.find("\n## ", begin);
  std::string_view section = page.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin);
  while (!section.empty() && (section.front() == '\n')) section.remove_prefix(1);
  while (!section.empty() && (section.back() == '\n' || section.back() == ' ')) section.remove_suffix(1);
  return std::string(section);
}

void CheckRegistry::add(CheckInfo info, CheckFactory make, std::optional<Applicability> fix) {
  RuleDefinition rule;
  const std::string page_path = info.id + ".md";
  const auto page = embedded_file(page_path);
  if (!page) throw std::logic_error(fmt::format("check {} has no documentation page checks/{}", info.id, page_path));
  rule.documentation = std::string(*page);
  // Summary: the first paragraph after the `# id` title.
  std::string_view rest = *page;
  if (auto title_end = rest.find('\n'); rest.substr(0, 2) == "# " && title_end != std::string_view::npos)
    rest = rest.substr(title_end + 1);
  while (!rest.empty() && rest.front() == '\n') rest.remove_prefix(1);
  auto para_end = rest.find("\n\n");
  std::string summary(rest.substr(0, para_end));
  for (char& c : summary)
    if (c == '\n') c = ' ';
  rule.summary = summary;
  // How the rule is fixed, generated from its applicability so `--explain`,
  // SARIF's rule help and docs/fixing.md cannot disagree with the code.
  rule.fix = fix;
  if (fix) {
    if (rule.documentation.empty() || rule.documentation.back() != '\n') rule.documentation += '\n';
    rule.documentation += *fix == Applicability::safe
                              ? "\n## Fix\n\nSafe: `hlint --fix` applies this rule's fix (it restores what the author "
                                "wrote; the meaning is unchanged). `--diff` shows it first; `unfixable:` in the config "
                                "turns it off.\n"
                              : "\n## Fix\n\nUnsafe: the fix removes or rewrites content, so `hlint --fix` applies it "
                                "only with `--unsafe-fixes`. `--diff --unsafe-fixes` shows it first; `unfixable:` in "
                                "the config turns it off.\n";
  }
  for (const auto& existing : rules_)
    if (existing.info.id == info.id) throw std::logic_error("duplicate check id " + info.id);
  rule.info = std::move(info);
  rule.make = std::move(make);
  rules_.push_back(std::move(rule));
}

const RuleDefinition* CheckRegistry::find(std::string_view id) const {
  for (const auto& rule : rules_)
    if (rule.info.id == id) return &rule;
  return nullptr;
}

}  // namespace hlint
