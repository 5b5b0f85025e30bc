// images/doubled-path: a doubled slash or a repeated run of path segments in
// an image URL, the marks of a URL glued onto another one by a scraper.
#include <fmt/format.h>

#include <algorithm>

#include "core/check.hpp"
#include "images/image_references.hpp"

namespace hlint {

namespace {

// "800/" repeated back to back is a width/height pair (/resize/800/800/),
// not a glued URL.
bool is_size_pair(std::string_view run) {
  if (run.size() < 2 || run.back() != '/') return false;
  run.remove_suffix(1);
  return run.find('/') == std::string_view::npos &&
         std::all_of(run.begin(), run.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

class DoubledPathCheck : public Check {
 public:
  static CheckInfo info() { return {"images/doubled-path", Severity::warning, {ImageScope::option()}, false}; }
  explicit DoubledPathCheck(const CheckOptions& options) : scope_(options) {}

  // One finding per URL: a glued URL usually shows both marks ("host//a/b/x.a/b/y.png"),
  // and both go away with one fix. The finding points at the repeated segments
  // when there are any (they name what was glued), else at the first "//".
  void check(const Document& doc, Reporter& out) const override {
    scope_.for_each(doc, [&](const ImageReference& image) {
      const links::UrlAnalysis& analysis = image.analysis();
      if (analysis.is_data) return;
      const links::UrlProblem* repeated = nullptr;
      std::vector<const links::UrlProblem*> slashes;
      for (const links::UrlProblem& problem : analysis.problems) {
        if (problem.kind == links::UrlProblemKind::doubled_slash) slashes.push_back(&problem);
        if (problem.kind == links::UrlProblemKind::repeated_path && !repeated &&
            !is_size_pair(std::string_view(image.url).substr(problem.begin, problem.end - problem.begin)))
          repeated = &problem;
      }
      if (repeated) {
        const std::string_view run = std::string_view(image.url).substr(repeated->begin, repeated->end - repeated->begin);
        std::string also;
        if (slashes.size() == 1) also = " (it also has a doubled slash `//`)";
        if (slashes.size() > 1) also = fmt::format(" (it also has {} doubled slashes)", slashes.size());
        out.report(image.span_of(repeated->begin, repeated->end),
                   fmt::format("the path of {} repeats `{}`: the URL looks like two URLs glued together{}",
                               image.describe(), shorten(run, 60), also));
        return;
      }
      if (slashes.empty()) return;
      const links::UrlProblem& first = *slashes.front();
      const std::string more = slashes.size() > 1 ? fmt::format(" ({} more in this URL)", slashes.size() - 1) : "";
      out.report(image.span_of(first.begin, first.end),
                 fmt::format("doubled slash in the path of {}: servers such as object stores treat `{}` as a "
                             "different file{}",
                             image.describe(), std::string(first.end - first.begin, '/'), more));
    });
  }

 private:
  ImageScope scope_;
};

void add_doubled_path_check(CheckRegistry& registry) { registry.add<DoubledPathCheck>(); }

}  // namespace hlint
