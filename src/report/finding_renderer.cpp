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

void for_each_rendered(const Report& report, std::string_view format, FindingRenderer& renderer,
                       const std::function<void(const SpooledFinding&, std::string_view text, bool lasting)>& visit,
                       const std::function<void()>& release) {
  std::string scratch;
  if (report.rendered_format == format) {
    report.findings->for_each_rendered(
        [&](const SpooledFinding& s) {
          if (!s.rendered.empty()) return visit(s, s.rendered, true);
          scratch = renderer.render(*s.finding);
          visit(s, scratch, false);
        },
        release);
    return;
  }
  report.findings->for_each([&](const Finding& f) {
    scratch = renderer.render(f);
    visit(spooled(f), scratch, false);
  });
}

}  // namespace hlint
