// hlint: audits and lints a corpus of scraped Chinese health articles.
// The run is a pipeline of named stages: see cli/pipeline.hpp.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/options.hpp"
#include "cli/pipeline.hpp"
#include "core/scratch_file.hpp"
#include "report/terminal_text.hpp"

namespace {

using hlint::cli::ExitCode;

int run(int argc, char** argv) {
  hlint::CheckRegistry registry;
  hlint::register_builtin_checks(registry);
  hlint::cli::Run run(registry);

  CLI::App app{"hlint: lint a corpus of scraped Chinese health articles", "hlint"};
  app.set_version_flag("--version", std::string("hlint ") + hlint::cli::kVersion);
  hlint::cli::add_options(app, run.options);
  run.fix_stage.add_options(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : static_cast<int>(ExitCode::error);
  }

  try {
    if (auto code = hlint::cli::run_information_command(run.options, registry)) return *code;
    hlint::cli::resolve(run);
    if (run.options.show_files) return hlint::cli::list_files(run);
    hlint::cli::lint(run);
    if (!hlint::cli::filter(run)) return static_cast<int>(ExitCode::clean);
    if (auto code = hlint::cli::preview_fixes(run)) return *code;
    hlint::cli::emit(run);
    return hlint::cli::finish(run);
  } catch (const hlint::cli::StageError& e) {
    std::cerr << "hlint: " << hlint::terminal_safe(e.what()) << '\n';
    return static_cast<int>(ExitCode::error);
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const hlint::ScratchFileError& e) {
    // A full or missing temporary directory: the run cannot finish.
    std::cerr << "hlint: " << e.what() << " (set TMPDIR to a directory with room)\n";
    return static_cast<int>(ExitCode::error);
  } catch (const std::exception& e) {
    std::cerr << "hlint: internal error: " << e.what() << '\n';
    return static_cast<int>(ExitCode::error);
  }
}
