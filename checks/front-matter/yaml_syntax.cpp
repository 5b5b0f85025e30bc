// front-matter/yaml-syntax: front matter that YAML cannot parse.
#include "core/check.hpp"

namespace hlint {

class YamlSyntaxCheck : public Check {
 public:
  static CheckInfo info() { return {"front-matter/yaml-syntax", Severity::error, {}, false}; }
  explicit YamlSyntaxCheck(const CheckOptions&) {}

  void check(const Document& doc, Reporter& out) const override {
    const auto& fm = doc.front_matter();
    if (!fm || !fm->error) return;
    out.report(fm->error->span, "front matter is not valid YAML: " + fm->error->message);
  }
};

void add_yaml_syntax_check(CheckRegistry& registry) { registry.add<YamlSyntaxCheck>(); }

}  // namespace hlint
