#include "links/url_lint.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <optional>
#include <span>

#include <fmt/format.h>

#include "links/curl_util.hpp"

namespace hlint::links {

std::string_view to_string(UrlProblemKind kind) {
  switch (kind) {
    case UrlProblemKind::syntax: return "syntax";
    case UrlProblemKind::scheme: return "scheme";
    case UrlProblemKind::whitespace: return "whitespace";
    case UrlProblemKind::doubled_slash: return "doubled-slash";
    case UrlProblemKind::repeated_path: return "repeated-path";
    case UrlProblemKind::placeholder_host: return "placeholder-host";
    case UrlProblemKind::insecure_http: return "insecure-http";
  }
  return "syntax";
}

namespace {

using detail::CurlUrl;

// Flags used for every CURLU parse here: keep the path exactly as written
// ("//" and "../" are what we want to see), accept any scheme so we can
// report it, and tolerate spaces so a URL with a stray space still gets its
// other checks (the space itself is reported separately).
constexpr unsigned int kParseFlags =
    CURLU_NON_SUPPORT_SCHEME | CURLU_PATH_AS_IS | CURLU_ALLOW_SPACE;

// A sentinel base that no real document uses; resolving a reference against
// it tells relative ("img/a.png") from protocol-relative ("//cdn/a.png") from
// absolute URLs without writing a parser of our own.
constexpr std::string_view kSentinelScheme = "hlintbase";
constexpr std::string_view kSentinelHost = "hlint.invalid";
constexpr std::string_view kSentinelBase = "hlintbase://hlint.invalid/hlint/base";

// ASCII only, without the locale look-up of std::tolower: URLs are compared
// byte by byte and only their ASCII letters fold.
char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lower(std::string_view text) {
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(), ascii_lower);
  return result;
}

bool starts_with_icase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (ascii_lower(text[i]) != ascii_lower(prefix[i])) return false;
  }
  return true;
}

std::size_t find_icase(std::string_view haystack, std::string_view needle,
                       std::size_t from) {
  if (needle.empty() || haystack.size() < needle.size()) return std::string_view::npos;
  for (std::size_t i = from; i + needle.size() <= haystack.size(); ++i) {
    if (starts_with_icase(haystack.substr(i), needle)) return i;
  }
  return std::string_view::npos;
}

// Length of the whitespace character starting at `pos`, 0 if none. Scraped
// Chinese text often carries NBSP (U+00A0) and the ideographic space
// (U+3000), which are just as broken in a URL as ASCII blanks.
std::size_t whitespace_length(std::string_view text, std::size_t pos) {
  const auto c = static_cast<unsigned char>(text[pos]);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return 1;
  if (c == 0xC2) return text.compare(pos, 2, "\xC2\xA0") == 0 ? 2 : 0;
  if (c == 0xE3) return text.compare(pos, 3, "\xE3\x80\x80") == 0 ? 3 : 0;
  return 0;
}

struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// The bytes whitespace_length may find white space at: every other byte of
// a URL is passed over with one look-up.
constexpr std::array<bool, 256> kMayStartWhitespace = [] {
  std::array<bool, 256> table{};
  for (const unsigned char c : {' ', '\t', '\n', '\r', '\f', '\v'}) table[c] = true;
  table[0xC2] = true;
  table[0xE3] = true;
  return table;
}();

std::vector<Span> whitespace_runs(std::string_view text) {
  std::vector<Span> runs;
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (!kMayStartWhitespace[static_cast<unsigned char>(text[pos])]) {
      ++pos;
      continue;
    }
    const std::size_t len = whitespace_length(text, pos);
    if (len == 0) {
      ++pos;
      continue;
    }
    Span run{pos, pos};
    while (run.end < text.size()) {
      const std::size_t step = whitespace_length(text, run.end);
      if (step == 0) break;
      run.end += step;
    }
    runs.push_back(run);
    pos = run.end;
  }
  return runs;
}

class ProblemList {
 public:
  explicit ProblemList(std::vector<UrlProblem>& out) : out_(out) {}
  void add(UrlProblemKind kind, std::string message, std::size_t begin, std::size_t end) {
    out_.push_back(UrlProblem{kind, std::move(message), begin, end});
  }

 private:
  std::vector<UrlProblem>& out_;
};

bool is_ascii_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// The first of `text[from..]` that is one of `characters`, or text.size().
// (string_view::find_first_of calls memchr once per byte of text.)
std::size_t find_any_of(std::string_view text, std::string_view characters, std::size_t from = 0) {
  for (std::size_t i = from; i < text.size(); ++i)
    for (char c : characters)
      if (text[i] == c) return i;
  return text.size();
}

bool is_boundary_before(std::string_view path, std::size_t i) {
  if (i == 0) return true;
  const char prev = path[i - 1];
  // Bytes >= 0x80 belong to UTF-8 letters (Chinese file names), not separators.
  return static_cast<unsigned char>(prev) < 0x80 && !is_ascii_alnum(prev);
}

// Finds the longest run of whole path segments ("a/b/") that occurs twice
// without overlapping, the signature of a URL glued onto another one, as in
// ".../7/31/309...768.gov_img/2021/7/31/319...600.png". Returns the span of
// the second occurrence, relative to `path`.
std::optional<std::pair<Span, std::size_t>> find_repeated_run(std::string_view path) {
  constexpr std::size_t kMaxPath = 4096;
  constexpr std::size_t kMaxCandidates = 256;
  constexpr std::size_t kMinRunLength = 6;
  if (path.size() > kMaxPath) return std::nullopt;

  // On the stack: every image URL's path comes here.
  std::array<std::size_t, kMaxCandidates> start_positions;
  std::size_t start_count = 0;
  for (std::size_t i = 0; i < path.size() && start_count < kMaxCandidates; ++i) {
    if (path[i] != '/' && is_boundary_before(path, i)) start_positions[start_count++] = i;
  }
  const std::span<const std::size_t> starts(start_positions.data(), start_count);

  // A run common to two starts begins with the same byte at both: each start
  // is linked to the next one with its first byte, and only those pairs are
  // walked, in the order of all pairs (a pair of different bytes has no run).
  constexpr std::uint16_t kNoStart = kMaxCandidates;
  std::array<std::uint16_t, kMaxCandidates> next_same;
  std::array<std::uint16_t, 256> last_with;
  last_with.fill(kNoStart);
  for (std::size_t a = starts.size(); a-- > 0;) {
    const auto byte = static_cast<unsigned char>(path[starts[a]]);
    next_same[a] = last_with[byte];
    last_with[byte] = static_cast<std::uint16_t>(a);
  }

  std::optional<std::pair<Span, std::size_t>> best;  // (second occurrence, first start)
  std::size_t best_len = 0;
  for (std::size_t a = 0; a < starts.size(); ++a) {
    for (std::size_t b = next_same[a]; b != kNoStart; b = next_same[b]) {
      const std::size_t i = starts[a];
      const std::size_t j = starts[b];
      const std::size_t limit = std::min(j - i, path.size() - j);
      if (limit <= best_len) continue;  // the run is at most `limit` long: it cannot be longer than the best
      std::size_t common = 0;
      while (common < limit && path[i + common] == path[j + common]) ++common;
      // Cut back to whole segments: the run must end with '/'.
      const std::size_t last_slash = path.substr(i, common).rfind('/');
      if (last_slash == std::string_view::npos) continue;
      const std::size_t run_len = last_slash + 1;
      const std::string_view run = path.substr(i, run_len);
      const auto slashes = static_cast<std::size_t>(std::count(run.begin(), run.end(), '/'));
      const bool adjacent = (i + run_len == j);
      // Two or more segments anywhere, or one segment repeated back to back
      // ("images/images/"), which is rarely intentional.
      const bool multi_segment = slashes >= 2 && run_len >= kMinRunLength;
      const bool doubled_segment = slashes == 1 && adjacent && run_len >= 4;
      if (!multi_segment && !doubled_segment) continue;
      if (run_len > best_len) {
        best_len = run_len;
        best = std::make_pair(Span{j, j + run_len}, i);
      }
    }
  }
  return best;
}

void check_path(std::string_view path, std::size_t offset, ProblemList& problems) {
  // Doubled slashes. A "//" right after ':' is an embedded URL
  // (".../https://x/..." on archive services) rather than a typo.
  std::size_t pos = 0;
  while ((pos = path.find("//", pos)) != std::string_view::npos) {
    std::size_t end = pos;
    while (end < path.size() && path[end] == '/') ++end;
    if (pos == 0 || path[pos - 1] != ':') {
      problems.add(UrlProblemKind::doubled_slash,
                   fmt::format("doubled slash in path ({} slashes in a row)", end - pos),
                   offset + pos, offset + end);
    }
    pos = end;
  }

  if (const auto repeated = find_repeated_run(path)) {
    const Span second = repeated->first;
    const std::string_view run = path.substr(second.begin, second.end - second.begin);
    problems.add(UrlProblemKind::repeated_path,
                 fmt::format("path segments \"{}\" appear twice (first at byte {}); the "
                             "URL looks like two URLs glued together",
                             run, offset + repeated->second),
                 offset + second.begin, offset + second.end);
  }
}

// Splits off the query and fragment of a reference that CURLU has already
// accepted; only used to know where the path text ends.
std::string_view path_text(std::string_view reference) {
  return reference.substr(0, find_any_of(reference, "?#"));
}

bool is_scheme_text(std::string_view text) {
  if (text.empty() || std::isalpha(static_cast<unsigned char>(text.front())) == 0) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) != 0 || c == '+' || c == '-' || c == '.';
  });
}

// The scheme of the URL `handle` holds, in lower case.
std::string lower_scheme(const CurlUrl& handle) { return lower(handle.get(CURLUPART_SCHEME).value_or("")); }

// `handle` holds `text`, an absolute URL, parsed with kParseFlags; `scheme`
// is lower_scheme(handle).
void analyze_absolute(const CurlUrl& handle, std::string scheme, std::string_view text, std::size_t offset,
                      const UrlLintOptions& options, UrlAnalysis& result, ProblemList& problems) {
  result.scheme = std::move(scheme);
  result.host = handle.get(CURLUPART_HOST).value_or("");
  const std::size_t scheme_end = result.scheme.size();

  // CURLU forgives "http:/host" (one slash) and reads it as a host; a
  // browser-bound URL written that way is still a typo worth pointing at.
  if (text.substr(scheme_end, 3) != "://") {
    problems.add(UrlProblemKind::syntax,
                 fmt::format("expected \"//\" after \"{}:\"", result.scheme),
                 offset + scheme_end, offset + std::min(text.size(), scheme_end + 1));
  }

  const bool http = result.scheme == "http";
  const bool https = result.scheme == "https";
  if (!http && !https) {
    problems.add(UrlProblemKind::scheme,
                 fmt::format("scheme \"{}\" cannot be loaded as an image by a browser; "
                             "use https",
                             result.scheme),
                 offset, offset + scheme_end);
  } else if (http && options.expect_https) {
    problems.add(UrlProblemKind::insecure_http,
                 "plain http image: browsers block or warn about mixed content on https "
                 "pages; use https",
                 offset, offset + scheme_end);
  }

  // Locate the host text CURLU reported, after the last '@' of the
  // authority so user info that happens to contain the host is skipped.
  Span host_span{offset, offset + text.size()};
  std::size_t host_end_in_text = scheme_end;
  if (!result.host.empty()) {
    const std::size_t authority = std::min(text.size(), scheme_end + 3);
    const std::size_t at = text.substr(0, find_any_of(text, "/?#", authority)).rfind('@');
    const std::size_t search_from =
        (at != std::string_view::npos && at >= authority) ? at + 1 : authority;
    const std::size_t host_pos = find_icase(text, result.host, search_from);
    if (host_pos != std::string_view::npos) {
      host_span = Span{offset + host_pos, offset + host_pos + result.host.size()};
      host_end_in_text = host_pos + result.host.size();
    }
  }

  if (http || https) {
    // The host is the placeholder or one of its subdomains, letters compared
    // folded: no lower-cased copies (a URL meets every placeholder).
    const std::string_view host = result.host;
    for (const std::string& placeholder : options.placeholder_hosts) {
      const std::string_view p = placeholder;
      const bool is_placeholder =
          host.size() >= p.size() && starts_with_icase(host.substr(host.size() - p.size()), p) &&
          (host.size() == p.size() || host[host.size() - p.size() - 1] == '.');
      if (is_placeholder) {
        problems.add(UrlProblemKind::placeholder_host,
                     fmt::format("{} is a placeholder-image service, not the real image",
                                 result.host),
                     host_span.begin, host_span.end);
        break;
      }
    }
  }

  // Map CURLU's path (kept as written thanks to CURLU_PATH_AS_IS) back onto
  // the text so the spans point at the user's bytes.
  const std::optional<std::string> path = handle.get(CURLUPART_PATH);
  if (!path || path->empty()) return;
  std::size_t path_pos = text.find(*path, host_end_in_text);
  std::string_view path_view;
  if (path_pos != std::string_view::npos) {
    path_view = text.substr(path_pos, path->size());
  } else {
    // CURLU re-encoded something; fall back to the written path text.
    path_pos = std::min(text.find('/', host_end_in_text), text.size());
    path_view = path_text(text.substr(path_pos));
  }
  check_path(path_view, offset + path_pos, problems);
}

}  // namespace

UrlAnalysis inspect_url(std::string_view url, const UrlLintOptions& options) {
  // No curl_global_init here: the URL API (curl_url_*) needs none, and the
  // link checker initialises libcurl itself before it fetches anything.
  UrlAnalysis result;
  ProblemList problems(result.problems);

  const std::vector<Span> runs = whitespace_runs(url);
  for (const Span& run : runs) {
    const bool edge = run.begin == 0 || run.end == url.size();
    problems.add(UrlProblemKind::whitespace,
                 edge ? "whitespace around the URL" : "whitespace inside the URL (encode it as %20 or remove it)",
                 run.begin, run.end);
  }

  // Trim surrounding whitespace; the rest of the checks look at the URL the
  // author meant to write.
  std::size_t first = 0;
  std::size_t last = url.size();
  for (const Span& run : runs) {
    if (run.begin == first) first = run.end;
    if (run.end == last) last = run.begin;
  }
  if (first >= last) {
    problems.add(UrlProblemKind::syntax, "empty URL", 0, url.size());
    return result;
  }
  const std::string_view text = url.substr(first, last - first);

  if (starts_with_icase(text, "data:")) {
    result.is_data = true;
    result.scheme = "data";
    return result;
  }

  // Most image URLs are absolute. Parsed on its own, an absolute URL gives
  // the handle that resolving it against the sentinel base would give
  // (libcurl replaces the base with an absolute URL), so one parse does.
  // Anything else (a relative URL, an error, the sentinel's own scheme) takes
  // the way through the base below.
  if (CurlUrl absolute; absolute.set_url(text, kParseFlags) == CURLUE_OK) {
    if (std::string scheme = lower_scheme(absolute); scheme != kSentinelScheme) {
      analyze_absolute(absolute, std::move(scheme), text, first, options, result, problems);
      return result;
    }
  }

  CurlUrl resolver;
  resolver.set_url(kSentinelBase, kParseFlags);
  const CURLUcode rc = resolver.set_url(text, kParseFlags);
  if (rc != CURLUE_OK) {
    const std::size_t colon = text.find(':');
    if (rc == CURLUE_BAD_SLASHES && colon != std::string_view::npos &&
        is_scheme_text(text.substr(0, colon))) {
      // "javascript:..." or "mailto:...": a scheme, not a web address.
      result.scheme = lower(text.substr(0, colon));
      problems.add(UrlProblemKind::scheme,
                   fmt::format("scheme \"{}\" is not an image address", result.scheme),
                   first, first + colon);
    } else {
      problems.add(UrlProblemKind::syntax,
                   fmt::format("malformed URL: {}", curl_url_strerror(rc)), first, last);
    }
    return result;
  }

  const std::string resolved_scheme = lower(resolver.get(CURLUPART_SCHEME).value_or(""));
  if (resolved_scheme != kSentinelScheme) {
    CurlUrl absolute;
    if (const CURLUcode absolute_rc = absolute.set_url(text, kParseFlags); absolute_rc != CURLUE_OK) {
      problems.add(UrlProblemKind::syntax, fmt::format("malformed URL: {}", curl_url_strerror(absolute_rc)), first,
                   first + text.size());
      return result;
    }
    analyze_absolute(absolute, lower_scheme(absolute), text, first, options, result, problems);
    return result;
  }

  const std::string resolved_host = resolver.get(CURLUPART_HOST).value_or("");
  if (resolved_host == kSentinelHost) {
    result.is_relative = true;
    // RFC 3986 forbids ':' in the first segment of a relative reference;
    // browsers still resolve "ht!tp://x/a.png" as a path, which is never
    // what the author meant.
    const std::size_t first_colon = text.find(':');
    if (first_colon != std::string_view::npos && first_colon < text.find_first_of("/?#")) {
      problems.add(UrlProblemKind::syntax,
                   "malformed URL: ':' before the first '/' (mistyped scheme?)", first,
                   first + first_colon + 1);
      return result;
    }
    check_path(path_text(text), first, problems);
    return result;
  }

  // Protocol-relative: the path starts after "//host".
  result.is_protocol_relative = true;
  result.host = resolved_host;
  const std::size_t host_pos = find_icase(text, resolved_host, 0);
  const std::size_t after_host =
      host_pos == std::string_view::npos ? text.size() : host_pos + resolved_host.size();
  const std::size_t path_pos = std::min(text.find('/', after_host), text.size());
  check_path(path_text(text.substr(path_pos)), first + path_pos, problems);
  return result;
}

std::vector<UrlProblem> analyze_url(std::string_view url, const UrlLintOptions& options) {
  return inspect_url(url, options).problems;
}

bool is_relative_url(std::string_view url) { return inspect_url(url).is_relative; }

}  // namespace hlint::links
