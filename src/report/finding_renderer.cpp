#include "report/emitter.hpp"

namespace hlint {

std::unique_ptr<FindingRenderer> make_finding_renderer(std::string_view format, const Report& settings) {
  if (format == "json") return make_json_renderer(settings);
  if (format == "sarif") return make_sarif_renderer(settings);
  if (format == "text") return make_text_renderer(settings);
  if (format == "concise") return make_concise_renderer(settings);
  if (format == "github") return make_github_renderer(settings);
  return nullptr;
}

std::string_view rendered_text(const Report& report, std::string_view format, FindingRenderer& renderer,
                               const Finding& finding, std::string& scratch) {
  // Findings of the corpus pass and walk errors were never rendered ahead.
  if (report.rendered_format == format && !finding.rendered.empty()) return finding.rendered;
  scratch = renderer.render(finding);
  return scratch;
}

}  // namespace hlint
