// A fix's applicability: its rule's, or the fix's own when that is stricter
// (Fix::applicability), so `--fix` can leave one guessed repair of a rule
// whose other repairs are exact.
#include <catch2/catch.hpp>

#include <string>

#include "core/check.hpp"
#include "core/linter.hpp"

namespace {

// Reports `a` and `b` with fixes: `a`'s fix says nothing of its own, `b`'s
// says it is unsafe, `c`'s that it is safe (it cannot be safer than its rule).
class ThreeFixes : public hlint::Check {
 public:
  explicit ThreeFixes(const hlint::CheckOptions&) {}
  void check(const hlint::Document& doc, hlint::Reporter& out) const override {
    (void)doc;
    out.report({0, 1}, "a", hlint::Fix{"replace a", {{{0, 1}, "A"}}});
    out.report({1, 2}, "b", hlint::Fix{"replace b", {{{1, 2}, "B"}}, hlint::Applicability::unsafe});
    out.report({2, 3}, "c", hlint::Fix{"replace c", {{{2, 3}, "C"}}, hlint::Applicability::safe});
  }
};

std::vector<hlint::Finding> lint_with(hlint::Applicability rule_fix) {
  hlint::CheckRegistry registry;
  // Any rule with a documentation page will do: the check is the test's.
  registry.add(hlint::CheckInfo{"chars/mojibake"},
               [](const hlint::CheckOptions& options) { return std::make_unique<ThreeFixes>(options); }, rule_fix);
  hlint::LintOptions options;
  options.context.offline = true;
  options.context.no_cache = true;
  hlint::Linter linter(registry, hlint::Config{}, options);
  auto findings = linter.lint_text("a.txt", "abc\n");
  std::sort(findings.begin(), findings.end(), hlint::finding_less);
  return findings;
}

}  // namespace

TEST_CASE("a fix may be stricter than its rule, never safer", "[diagnostic]") {
  const auto safe_rule = lint_with(hlint::Applicability::safe);
  REQUIRE(safe_rule.size() == 3);
  CHECK(safe_rule[0].message == "a");
  CHECK(safe_rule[0].fix_applicability == hlint::Applicability::safe);
  CHECK(safe_rule[1].message == "b");
  CHECK(safe_rule[1].fix_applicability == hlint::Applicability::unsafe);
  CHECK(safe_rule[2].fix_applicability == hlint::Applicability::safe);

  const auto unsafe_rule = lint_with(hlint::Applicability::unsafe);
  REQUIRE(unsafe_rule.size() == 3);
  for (const auto& finding : unsafe_rule) CHECK(finding.fix_applicability == hlint::Applicability::unsafe);
}
