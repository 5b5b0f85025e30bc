// The floor the design sets: tidy-html5 alone parsing the same HTML bodies
// hlint parses (front matter skipped, same options), single-threaded per file
// with the same number of threads as hlint. Prints seconds and bytes.
// With --yaml, yaml-cpp also loads every front matter, as hlint does: the
// floor of the two parsers the design prescribes, before any check runs.
#include <tidy/tidy.h>
#include <tidy/tidybuffio.h>
#include <yaml-cpp/yaml.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;

static void parse(const std::string& html) {
  TidyDoc doc = tidyCreate();
  TidyBuffer errors{};
  tidyBufInit(&errors);
  tidySetErrorBuffer(doc, &errors);
  tidySetCharEncoding(doc, "utf8");
  tidyOptSetBool(doc, TidyShowWarnings, no);
  tidyOptSetBool(doc, TidyQuiet, yes);
  tidyOptSetInt(doc, TidyShowErrors, 0);
  tidyOptSetBool(doc, TidyDropEmptyElems, no);
  tidyOptSetBool(doc, TidyDropEmptyParas, no);
  tidyOptSetBool(doc, TidyMark, no);
  tidyOptSetBool(doc, TidyForceOutput, yes);
  tidyParseString(doc, html.c_str());
  tidyBufFree(&errors);
  tidyRelease(doc);
}

int main(int argc, char** argv) {
  if (argc < 3 || (argc == 4 && std::string(argv[3]) != "--yaml") || argc > 4) {
    std::fprintf(stderr, "usage: tidy_floor JOBS DIR [--yaml]\n");
    return 2;
  }
  const bool with_yaml = argc == 4;
  const unsigned jobs = static_cast<unsigned>(std::stoul(argv[1]));
  tidySetLanguage("en");  // as hlint does (html_dom.cpp): no setlocale() per document
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(argv[2]))
    if (entry.is_regular_file()) files.push_back(entry.path());
  std::atomic<std::size_t> next{0}, html_bytes{0}, html_files{0};
  const auto start = std::chrono::steady_clock::now();
  auto worker = [&] {
    for (std::size_t i = next++; i < files.size(); i = next++) {
      std::ifstream in(files[i], std::ios::binary);
      std::ostringstream s;
      s << in.rdbuf();
      std::string text = s.str();
      // Skip hexo front matter: the body starts after the second `---` line.
      std::size_t body = 0;
      const auto open = text.find("---\n");
      if (open != std::string::npos && open < 8) {
        const auto close = text.find("\n---\n", open + 3);
        if (close != std::string::npos) {
          body = close + 5;
          if (with_yaml) {
            try {
              YAML::Load(text.substr(open + 4, close + 1 - (open + 4)));
            } catch (const YAML::Exception&) {
              // hlint reports it; the cost is what counts here
            }
          }
        }
      }
      if (text.find("<p", body) == std::string::npos && text.find("<div", body) == std::string::npos) continue;
      html_bytes += text.size() - body;
      ++html_files;
      parse(text.substr(body));
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%.3f %zu %zu\n", seconds, html_files.load(), html_bytes.load());
  return 0;
}
