// Linter::run takes files in batches and runs each check over a whole batch
// before the next check (LintOptions::batch_documents): the findings must be
// the same, in the same order, as linting one file at a time.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/check.hpp"
#include "core/config_resolver.hpp"
#include "core/input_walk.hpp"
#include "core/linter.hpp"

namespace {

struct RunOutput {
  std::size_t files = 0;
  std::vector<std::string> findings;  // every field a report shows, one line each
};

RunOutput lint_fixtures(const hlint::CheckRegistry& registry, std::size_t batch_documents, std::size_t batch_bytes) {
  const std::filesystem::path root(HLINT_SOURCE_DIR);
  hlint::LintOptions options;
  options.context.offline = true;
  options.context.no_cache = true;
  options.jobs = 2;
  options.batch_documents = batch_documents;
  options.batch_bytes = batch_bytes;
  // Each file's nearest .hlint.yaml: fixtures/sample has its own, so a batch
  // mixes files of two configurations (two sets of checks).
  hlint::ConfigResolver resolver(registry, std::nullopt, root, std::nullopt);
  hlint::Linter linter(registry, resolver, options);
  hlint::InputWalk walk({(root / "fixtures").string()}, {}, {});
  hlint::LintResult result = linter.run(walk);
  RunOutput out;
  out.files = result.files;
  result.findings.for_each([&](const hlint::Finding& f) {
    out.findings.push_back(fmt::format("{}:{}:{}-{}:{} {} {} {} {}", f.path, f.location.start.line,
                                       f.location.start.column, f.location.end.line, f.location.end.column, f.rule,
                                       static_cast<int>(f.severity), f.fingerprint, f.message));
  });
  return out;
}

}  // namespace

TEST_CASE("files linted in batches give the findings of files linted one at a time") {
  hlint::CheckRegistry registry;
  hlint::register_builtin_checks(registry);
  const RunOutput one_at_a_time = lint_fixtures(registry, 1, 512u << 10);
  REQUIRE(one_at_a_time.files > 400);
  REQUIRE(one_at_a_time.findings.size() > 1000);
  const RunOutput batched = lint_fixtures(registry, 64, 512u << 10);
  CHECK(batched.files == one_at_a_time.files);
  CHECK(batched.findings == one_at_a_time.findings);
  // Batches cut short by their size (most fixtures are a few hundred bytes).
  const RunOutput small_batches = lint_fixtures(registry, 64, 2048);
  CHECK(small_batches.files == one_at_a_time.files);
  CHECK(small_batches.findings == one_at_a_time.findings);
}
