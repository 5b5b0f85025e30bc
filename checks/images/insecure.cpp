// images/insecure: an image loaded over plain http.
#include <fmt/format.h>

#include "core/check.hpp"
#include "images/image_references.hpp"

namespace hlint {

class InsecureCheck : public Check {
 public:
  static CheckInfo info() {
    return {"images/insecure",
            Severity::info,
            {{"expect-https", OptionType::boolean, "true", "report images loaded over plain http"},
             ImageScope::option()},
            false};
  }
  explicit InsecureCheck(const CheckOptions& options)
      : scope_(options), expect_https_(options.get_bool("expect-https", true)) {}

  void check(const Document& doc, Reporter& out) const override {
    if (!expect_https_) return;
    scope_.for_each(doc, [&](const ImageReference& image) {
      // Mixed-content blocking concerns what a page loads, not links a reader follows.
      if (!image.embedded()) return;
      for (const links::UrlProblem& problem : image.analysis().problems) {
        if (problem.kind != links::UrlProblemKind::insecure_http) continue;
        out.report(image.span_of(problem.begin, problem.end),
                   fmt::format("{} is loaded over plain http: browsers block or flag it on https pages; use https",
                               image.describe()));
      }
    });
  }

 private:
  ImageScope scope_;
  bool expect_https_;
};

void add_insecure_check(CheckRegistry& registry) { registry.add<InsecureCheck>(); }

}  // namespace hlint
