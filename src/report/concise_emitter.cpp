// `--format concise`: one line per finding, `path:line:col: rule message`, as
// ruff's concise output and compilers' diagnostics, for pre-commit hooks and
// editors' problem matchers (a 600-file commit is 600-odd lines, not 35,000).
#include <fmt/format.h>

#include "report/block_writer.hpp"
#include "report/emitter.hpp"

namespace hlint {

namespace {

class ConciseRenderer : public FindingRenderer {
 public:
  explicit ConciseRenderer(const Report& settings) : color_(settings.color) {}

  std::string render(const Finding& f) override {
    if (!color_)
      return fmt::format("{}:{}:{}: {} {}\n", f.path, f.location.start.line, f.location.start.column, f.rule,
                         f.message);
    const char* color = f.severity == Severity::error ? "31" : f.severity == Severity::warning ? "33" : "36";
    return fmt::format("\x1b[1m{}:{}:{}:\x1b[0m \x1b[1;{}m{}\x1b[0m {}\n", f.path, f.location.start.line,
                       f.location.start.column, color, f.rule, f.message);
  }

 private:
  bool color_;
};

}  // namespace

std::unique_ptr<FindingRenderer> make_concise_renderer(const Report& settings) {
  return std::make_unique<ConciseRenderer>(settings);
}

void emit_concise(const Report& report, std::ostream& out) {
  ConciseRenderer renderer(report);
  BlockWriter writer(out);
  for_each_rendered(
      report, "concise", renderer,
      [&](const SpooledFinding&, std::string_view text, bool lasting) {
        lasting ? writer.append_lasting(text) : writer.append(text);
      },
      [&] { writer.flush(); });
  writer.flush();
  const std::size_t n = report.findings->size();
  if (n > 0) out << fmt::format("Found {} finding{}.\n", n, n == 1 ? "" : "s");
}

}  // namespace hlint
