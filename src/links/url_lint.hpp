// Offline analysis of image URLs: finds the defects that scraped articles
// tend to carry (doubled path segments, stray whitespace, placeholder
// services, plain http) without touching the network.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace hlint::links {

enum class UrlProblemKind {
  syntax,           // not parseable as a URL at all
  scheme,           // absolute URL whose scheme is not http/https
  whitespace,       // space, tab or newline inside or around the URL
  doubled_slash,    // "//" inside the path
  repeated_path,    // a run of path segments that occurs twice
  placeholder_host, // lorem-picsum style placeholder service
  insecure_http,    // http:// while https is expected
};

// Stable ids: "syntax", "scheme", "whitespace", "doubled-slash",
// "repeated-path", "placeholder-host", "insecure-http".
std::string_view to_string(UrlProblemKind kind);

struct UrlProblem {
  UrlProblemKind kind;
  std::string message;
  // Byte range [begin, end) inside the analysed URL string, so a caller can
  // underline the exact span (e.g. the "//" or the repeated segment).
  std::size_t begin = 0;
  std::size_t end = 0;
};

struct UrlLintOptions {
  // Hosts (and their subdomains) of placeholder-image services.
  std::vector<std::string> placeholder_hosts = {
      "picsum.photos",   "placehold.it",    "placeholder.com",
      "via.placeholder.com", "dummyimage.com", "placekitten.com",
      "lorempixel.com",  "fakeimg.pl",
  };
  bool expect_https = true;
};

struct UrlAnalysis {
  std::vector<UrlProblem> problems;
  // No scheme and no host ("img/a.png", "/img/a.png", "../a.png"): the caller
  // resolves these against the article on disk.
  bool is_relative = false;
  // "//cdn.example.com/a.png": takes the page's scheme.
  bool is_protocol_relative = false;
  // "data:image/png;base64,...": inline, nothing to fetch.
  bool is_data = false;
  std::string scheme;  // lower case, empty when relative or unparseable
  std::string host;    // as written, empty when relative or unparseable
};

// Full analysis, including the relative/data flags.
UrlAnalysis inspect_url(std::string_view url, const UrlLintOptions& options = {});

// Problems only. Relative URLs are not errors here; ask is_relative_url().
std::vector<UrlProblem> analyze_url(std::string_view url,
                                    const UrlLintOptions& options = {});

bool is_relative_url(std::string_view url);

}  // namespace hlint::links
