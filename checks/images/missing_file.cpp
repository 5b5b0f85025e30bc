// images/missing-file: a relative image path that points at no file on disk.
#include <fmt/format.h>

#include <filesystem>
#include <optional>
#include <system_error>

#include "core/check.hpp"
#include "images/image_references.hpp"

namespace hlint {

namespace fs = std::filesystem;

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The file path a relative URL names: query and fragment dropped, %XX decoded
// (`%E5%9B%BE.png` is `图.png` on disk).
std::string file_path_of(std::string_view url) {
  while (!url.empty() && (url.front() == ' ' || url.front() == '\t' || url.front() == '\n' || url.front() == '\r'))
    url.remove_prefix(1);
  url = url.substr(0, url.find_first_of("?#"));
  while (!url.empty() && (url.back() == ' ' || url.back() == '\t' || url.back() == '\n' || url.back() == '\r'))
    url.remove_suffix(1);
  std::string path;
  for (std::size_t i = 0; i < url.size(); ++i) {
    if (url[i] == '%' && i + 2 < url.size() && hex_value(url[i + 1]) >= 0 && hex_value(url[i + 2]) >= 0) {
      path.push_back(static_cast<char>(hex_value(url[i + 1]) * 16 + hex_value(url[i + 2])));
      i += 2;
    } else {
      path.push_back(url[i]);
    }
  }
  return path;
}

}  // namespace

class MissingFileCheck : public Check {
 public:
  static CheckInfo info() {
    return {"images/missing-file",
            Severity::error,
            {{"root", OptionType::string, "the corpus root (the first directory on the command line)",
              "directory that site-absolute paths (`/img/a.png`) are resolved against"},
             ImageScope::option()},
            false};
  }
  explicit MissingFileCheck(const CheckOptions& options)
      : scope_(options), root_(options.get_string("root", options.context().corpus_root)) {}

  void check(const Document& doc, Reporter& out) const override {
    const fs::path document(doc.path());
    // A document that is not a file on disk (standard input, a test string)
    // has no directory to resolve against. Asked only once a relative image
    // is met: most documents have none, and the question costs a system call.
    std::optional<bool> on_disk;
    scope_.for_each(doc, [&](const ImageReference& image) {
      const links::UrlAnalysis& analysis = image.analysis();
      if (!analysis.is_relative) return;
      for (const links::UrlProblem& problem : analysis.problems)
        if (problem.kind == links::UrlProblemKind::syntax) return;  // images/bad-url
      const std::string path = file_path_of(image.url);
      if (path.empty() || path.find('\0') != std::string::npos) return;
      if (!on_disk) {
        std::error_code error;
        on_disk = fs::is_regular_file(document, error);
      }
      if (!*on_disk) return;
      const fs::path directory = document.parent_path();
      fs::path resolved;
      if (path.front() == '/') {
        if (root_.empty()) return;
        resolved = fs::path(root_) / fs::path(path).relative_path();
      } else {
        resolved = directory / fs::path(path);
      }
      resolved = resolved.lexically_normal();
      std::error_code status_error;
      const fs::file_status status = fs::status(resolved, status_error);
      if (fs::is_regular_file(status)) return;
      if (fs::is_directory(status)) {
        out.report(image.span, fmt::format("{} names a directory, not an image file: {}", image.describe(),
                                           resolved.generic_string()));
        return;
      }
      if (fs::exists(status)) return;  // a device or socket: not ours to judge
      out.report(image.span, fmt::format("{} points at a file that does not exist: {}", image.describe(),
                                         resolved.generic_string()));
    });
  }

 private:
  ImageScope scope_;
  std::string root_;
};

void add_missing_file_check(CheckRegistry& registry) { registry.add<MissingFileCheck>(); }

}  // namespace hlint
