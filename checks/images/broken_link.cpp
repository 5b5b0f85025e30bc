// images/broken-link (online): image URLs that do not answer with an image.
// Every absolute http(s) image of the corpus is collected while the documents
// are linted; at the end ONE LinkChecker (src/links) asks each distinct URL
// once, with an on-disk cache, and every place that uses a broken URL is
// reported.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>
#include <unordered_map>

#include "core/html_scan.hpp"
#include "core/config.hpp"
#include "core/file_io.hpp"
#include "core/line_index.hpp"
#include "core/source_text.hpp"
#include "images/image_references.hpp"
#include "links/link_cache.hpp"
#include "links/link_checker.hpp"

namespace hlint {

namespace {

using links::LinkStatus;

// Failure classes and their default severity: a missing, empty or non-image
// answer is broken for every reader; the others may pass (a timeout, a busy
// server) or depend on where the page is shown (hotlink protection).
struct ClassDefault {
  LinkStatus status;
  Severity severity;
};
constexpr std::array<ClassDefault, 17> kClassDefaults = {{
    {LinkStatus::not_found, Severity::error},
    {LinkStatus::not_an_image, Severity::error},
    {LinkStatus::empty, Severity::error},
    {LinkStatus::hotlink_protected, Severity::warning},
    {LinkStatus::forbidden, Severity::warning},
    {LinkStatus::server_error, Severity::warning},
    {LinkStatus::timeout, Severity::warning},
    {LinkStatus::dns_failure, Severity::warning},
    {LinkStatus::tls_error, Severity::warning},
    {LinkStatus::redirect_loop, Severity::warning},
    {LinkStatus::too_many_redirects, Severity::warning},
    {LinkStatus::refused_address, Severity::warning},
    {LinkStatus::unsupported_scheme, Severity::warning},
    {LinkStatus::connection_failed, Severity::warning},
    {LinkStatus::rate_limited, Severity::warning},
    {LinkStatus::network_unreachable, Severity::warning},
    {LinkStatus::other, Severity::warning},
}};

// A URL used by many articles is retried with at most this many of their
// source sites as Referer: enough to show hotlink protection, bounded traffic.
// They are the first ones in document order (by path), whatever order the
// worker threads finish the documents in, so every -j asks the same.
constexpr std::size_t kMaxReferersPerUrl = 3;

std::string severity_option_name(LinkStatus status) { return fmt::format("severity-{}", links::to_string(status)); }

std::string trim_ascii(std::string_view text) {
  while (!text.empty() && is_html_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_html_space(text.back())) text.remove_suffix(1);
  return std::string(text);
}

// The URL to fetch for an image, or nothing when it is not a web address
// (relative paths are images/missing-file's, malformed ones images/bad-url's).
std::optional<std::string> fetchable_url(const ImageReference& image) {
  const links::UrlAnalysis& analysis = image.analysis();
  if (analysis.is_data || analysis.is_relative) return std::nullopt;
  for (const links::UrlProblem& problem : analysis.problems)
    if (problem.kind == links::UrlProblemKind::syntax || problem.kind == links::UrlProblemKind::scheme)
      return std::nullopt;
  std::string url = trim_ascii(image.url);
  // A protocol-relative image takes the page's scheme; blogs are served over https.
  if (analysis.is_protocol_relative) return "https:" + url;
  if (analysis.scheme != "http" && analysis.scheme != "https") return std::nullopt;
  return url;
}

std::optional<Severity> parse_class_severity(const CheckOptions& options, LinkStatus status, Severity fallback) {
  const std::string name = severity_option_name(status);
  const std::string value = options.get_string(name, std::string(to_string(fallback)));
  if (value == "off") return std::nullopt;
  if (auto severity = parse_severity(value)) return severity;
  throw ConfigError(
      fmt::format("option `{}` of images/broken-link must be error, warning, info or off, not `{}`", name, value));
}

// "host: Name: value" -> (host, "Name: value").
std::map<std::string, std::vector<std::string>> parse_headers(const std::vector<std::string>& entries) {
  std::map<std::string, std::vector<std::string>> headers;
  for (const std::string& entry : entries) {
    const std::size_t colon = entry.find(':');
    const std::string host = colon == std::string::npos ? std::string() : trim_ascii(entry.substr(0, colon));
    const std::string header = colon == std::string::npos ? std::string() : trim_ascii(entry.substr(colon + 1));
    const std::size_t header_colon = header.find(':');
    if (host.empty() || header_colon == std::string::npos || header_colon == 0)
      throw ConfigError(fmt::format(
          "option `headers` of images/broken-link: `{}` is not `host: Name: value` (`*: Name: value` for every host)",
          entry));
    headers[host].push_back(header);
  }
  return headers;
}

std::chrono::seconds hours(double value) {
  return std::chrono::seconds(static_cast<long long>(std::max(0.0, value) * 3600.0));
}

// The text of one file again, for the source lines of its findings. The
// corpus pass keeps only offsets per image (about 70 bytes instead of the
// kilobyte of a PlacedSpan), so that the images of a million documents fit
// in memory; files are re-read only for the broken ones.
class ReloadedText {
 public:
  explicit ReloadedText(const std::string& path) {
    // lines_ views source_'s text: the object is built in place and never moved.
    std::string error;
    std::optional<std::string> bytes = read_file(path, error);
    if (!bytes) return;
    source_ = SourceText::decode(std::move(*bytes));
    lines_.emplace(source_.text());
  }
  ReloadedText(const ReloadedText&) = delete;
  ReloadedText& operator=(const ReloadedText&) = delete;

  // Where `span` was when the document was linted: the line (or a window of
  // a long line) and the span's text, as place() gives them.
  void fill(PlacedSpan& where, Span span) const {
    const std::string_view text = source_.text();
    if (!lines_ || span.begin > span.end || span.end > text.size()) return;  // the file changed or went away
    const std::size_t line = lines_->line_of(span.begin);
    const std::size_t line_start = lines_->line_start(line);
    where.source_line = line_window(lines_->line_text(line), span.begin - line_start, span.end - line_start);
    where.excerpt = std::string(text.substr(span.begin, std::min<std::size_t>(span.end - span.begin, 512)));
  }

 private:
  SourceText source_ = SourceText::from_utf8("");
  std::optional<LineIndex> lines_;
};

}  // namespace

class BrokenLinkCheck : public Check {
 public:
  static CheckInfo info() {
    CheckInfo info{"images/broken-link",
                   Severity::error,
                   {
                       {"concurrency", OptionType::integer, "64", "requests in flight at once"},
                       {"per-host", OptionType::integer, "6", "requests in flight per host"},
                       {"per-host-max", OptionType::integer, "24",
                        "requests in flight per host that answers as fast with more (`per-host` or less = fixed)"},
                       {"timeout-ms", OptionType::integer, "15000", "time limit of one request, in milliseconds"},
                       {"url-budget-ms", OptionType::integer, "0",
                        "total time of one URL, its retries and waits included (`0` = `timeout-ms`)"},
                       {"connect-timeout-ms", OptionType::integer, "5000", "time limit of one connection attempt"},
                       {"retries", OptionType::integer, "2", "extra tries after a timeout, reset, 5xx or 429"},
                       {"max-redirects", OptionType::integer, "5", "redirect hops followed"},
                       {"user-agent", OptionType::string, "hlint/0.1 (+image link check)", "User-Agent header"},
                       {"use-head", OptionType::boolean, "false", "send HEAD instead of a 1 KiB ranged GET"},
                       {"allow-private", OptionType::boolean, "false",
                        "allow loopback, private and link-local addresses (test servers, intranet mirrors)"},
                       {"headers", OptionType::string_list, "none",
                        "extra request headers, one `host: Name: value` per entry (`*` = every host)"},
                       {"cache-ttl-ok-hours", OptionType::number, "168", "how long a working image stays cached"},
                       {"cache-ttl-failure-hours", OptionType::number, "24",
                        "how long a definite failure (not-found, forbidden...) stays cached"},
                       {"cache-ttl-network-hours", OptionType::number, "1",
                        "how long a transient failure with an answer (server-error, rate-limited) stays cached"},
                       {"cache-ttl-timeout-minutes", OptionType::number, "30",
                        "how long an image whose own request got no answer for its whole budget stays cached as a "
                        "timeout (0 = ask again every run)"},
                   },
                   /*corpus=*/true};
    for (const ClassDefault& entry : kClassDefaults)
      info.options.push_back({severity_option_name(entry.status), OptionType::string,
                              std::string(to_string(entry.severity)),
                              fmt::format("severity of `{}` (error, warning, info or off)", links::to_string(entry.status))});
    info.options.push_back(ImageScope::option());
    return info;
  }

  explicit BrokenLinkCheck(const CheckOptions& options) : scope_(options), context_(options.context()) {
    links_.concurrency = static_cast<std::size_t>(std::max(1L, options.get_int("concurrency", 64)));
    links_.max_host_connections = static_cast<std::size_t>(std::max(1L, options.get_int("per-host", 6)));
    links_.max_host_connections_ceiling = static_cast<std::size_t>(std::max(1L, options.get_int("per-host-max", 24)));
    links_.timeout = std::chrono::milliseconds(std::max(1L, options.get_int("timeout-ms", 15000)));
    links_.connect_timeout = std::chrono::milliseconds(std::max(1L, options.get_int("connect-timeout-ms", 5000)));
    links_.url_budget = std::chrono::milliseconds(std::max(0L, options.get_int("url-budget-ms", 0)));
    links_.retries = static_cast<int>(std::clamp(options.get_int("retries", 2), 0L, 10L));
    links_.max_redirects = static_cast<int>(std::clamp(options.get_int("max-redirects", 5), 0L, 50L));
    links_.user_agent = options.get_string("user-agent", links_.user_agent);
    links_.use_head = options.get_bool("use-head", false);
    links_.allow_private = options.get_bool("allow-private", false);
    links_.extra_headers = parse_headers(options.get_strings("headers", {}));
    links_.ttl.ok = hours(options.get_number("cache-ttl-ok-hours", 168));
    links_.ttl.failure = hours(options.get_number("cache-ttl-failure-hours", 24));
    links_.ttl.network = hours(options.get_number("cache-ttl-network-hours", 1));
    links_.ttl.timeout = std::chrono::seconds(
        static_cast<long>(std::clamp(options.get_number("cache-ttl-timeout-minutes", 30), 0.0, 1e6) * 60));
    links_.progress = context_.progress;
    // Never inside the linted tree unless asked (--cache-dir): a corpus must
    // not be able to ship the results hlint trusts.
    links_.cache_path = context_.cache_dir.empty() ? links::default_cache_dir(context_.corpus_root)
                                                   : std::filesystem::path(context_.cache_dir);
    links_.no_cache = context_.no_cache;
    links_.refresh = context_.refresh;
    for (const ClassDefault& entry : kClassDefaults)
      severities_[entry.status] = parse_class_severity(options, entry.status, entry.severity);
  }

  void observe(const Document& doc) override {
    if (context_.offline) return;
    const std::string& referer = doc.analysis<ImageReferences>().source_origin;
    std::optional<std::uint32_t> document;
    scope_.for_each(doc, [&](const ImageReference& image) {
      const std::optional<std::string> url = fetchable_url(image);
      if (!url) return;
      if (!document) {
        document = static_cast<std::uint32_t>(documents_.size());
        documents_.push_back(doc.path());
      }
      auto [slot, inserted] = target_index_.try_emplace(*url, targets_.size());
      if (inserted) targets_.push_back(Target{*url, {}, {}});
      Target& target = targets_[slot->second];
      if (!referer.empty()) note_referer(target, referer, doc.path());
      target.uses.push_back(Use{*document, image.span, doc.locate(image.span)});
    });
  }

  void finish(CorpusReporter& out) override {
    if (context_.offline || targets_.empty()) return;
    std::vector<Pending> pending;
    try {
      check_links(pending);
    } catch (const std::exception& e) {
      // The network part must never take the run down: say so once.
      pending.clear();
      pending.push_back(Pending{first_use(), Severity::warning, fmt::format("image links were not checked: {}", e.what())});
    }
    report(pending, out);
  }

 private:
  struct Use {
    std::uint32_t document;  // index in documents_
    Span span;
    Location location;
  };
  // A source site that uses the image, with the first document (by path)
  // that does.
  struct RefererUse {
    std::string referer;
    std::string first_document;
  };
  struct Target {
    std::string url;
    std::vector<RefererUse> referers;  // at most kMaxReferersPerUrl, the earliest documents' sites
    std::vector<Use> uses;
  };

  // Keeps the kMaxReferersPerUrl distinct referers whose first document comes
  // first by path: a streaming top-k, so the choice does not depend on the
  // order observe() sees the documents in.
  static void note_referer(Target& target, const std::string& referer, const std::string& document) {
    for (RefererUse& known : target.referers) {
      if (known.referer != referer) continue;
      if (document < known.first_document) known.first_document = document;
      return;
    }
    if (target.referers.size() < kMaxReferersPerUrl) {
      target.referers.push_back(RefererUse{referer, document});
      return;
    }
    const auto latest = std::max_element(target.referers.begin(), target.referers.end(),
                                         [](const RefererUse& a, const RefererUse& b) {
                                           return std::tie(a.first_document, a.referer) <
                                                  std::tie(b.first_document, b.referer);
                                         });
    if (std::tie(document, referer) < std::tie(latest->first_document, latest->referer))
      *latest = RefererUse{referer, document};
  }
  struct Pending {
    Use use;
    Severity severity;
    std::string message;
  };

  void check_links(std::vector<Pending>& pending) {
    // A deterministic order whatever the order the documents were seen in.
    target_index_.clear();  // indices into targets_ do not survive the sort
    std::sort(targets_.begin(), targets_.end(), [](const Target& a, const Target& b) { return a.url < b.url; });
    std::vector<links::LinkRequest> requests;
    requests.reserve(targets_.size());
    for (Target& target : targets_) {
      // Tried in document order.
      std::sort(target.referers.begin(), target.referers.end(), [](const RefererUse& a, const RefererUse& b) {
        return std::tie(a.first_document, a.referer) < std::tie(b.first_document, b.referer);
      });
      if (target.referers.empty()) requests.push_back({target.url, ""});
      for (const RefererUse& use : target.referers) requests.push_back({target.url, use.referer});
    }

    links::LinkChecker checker(links_);
    const std::map<std::string, links::LinkResult> results = checker.check(requests);
    std::set<std::string> shown;
    for (const std::string& warning : checker.warnings())
      if (shown.insert(warning).second) std::cerr << "hlint: images/broken-link: " << warning << '\n';

    std::size_t unreachable = 0;
    for (const Target& target : targets_) {
      const auto found = results.find(target.url);
      if (found == results.end() || found->second.status == LinkStatus::ok) continue;
      const links::LinkResult& result = found->second;
      if (result.status == LinkStatus::network_unreachable) {
        ++unreachable;
        continue;
      }
      const std::optional<Severity> severity = class_severity(result.status);
      if (!severity) continue;  // configured off
      const std::string message = describe(result);
      for (const Use& use : target.uses) pending.push_back(Pending{use, *severity, message});
    }
    if (const auto severity = class_severity(LinkStatus::network_unreachable); unreachable > 0 && severity) {
      pending.push_back(Pending{first_use(), *severity,
                                fmt::format("no network: {} image link{} could not be checked (this machine reaches "
                                            "no server); run with --offline to skip the online check",
                                            unreachable, unreachable == 1 ? "" : "s")});
    }
  }

  std::optional<Severity> class_severity(LinkStatus status) const {
    const auto found = severities_.find(status);
    return found == severities_.end() ? std::optional<Severity>(Severity::warning) : found->second;
  }

  static std::string describe(const links::LinkResult& result) {
    // A hotlink-protected image ends with a 200 (to the Referer retry); what a
    // reader's browser gets is the 403.
    const long http_status = result.status == LinkStatus::hotlink_protected ? 403 : result.http_status;
    const std::string status = http_status ? fmt::format("HTTP {}", http_status) : "no HTTP answer";
    std::string message = fmt::format("broken image: {} ({})", links::to_string(result.status), status);
    if (!result.detail.empty() && result.detail != status) message += ": " + result.detail;
    return message;
  }

  // The first place, in output order, that uses any checked URL.
  Use first_use() const {
    const Use* first = nullptr;
    for (const Target& target : targets_)
      for (const Use& use : target.uses)
        if (!first || std::tie(documents_[use.document], use.location.start.line, use.location.start.column) <
                          std::tie(documents_[first->document], first->location.start.line,
                                   first->location.start.column))
          first = &use;
    return *first;  // targets_ is not empty and every target has a use
  }

  void report(std::vector<Pending>& pending, CorpusReporter& out) const {
    std::sort(pending.begin(), pending.end(),
              [](const Pending& a, const Pending& b) { return a.use.document < b.use.document; });
    std::optional<ReloadedText> text;
    std::optional<std::uint32_t> loaded;
    for (const Pending& item : pending) {
      const std::string& path = documents_[item.use.document];
      if (loaded != item.use.document) {
        text.emplace(path);
        loaded = item.use.document;
      }
      PlacedSpan where;
      where.path = path;
      where.location = item.use.location;
      text->fill(where, item.use.span);
      out.report(where, item.severity, item.message);
    }
  }

  ImageScope scope_;
  RunContext context_;
  links::LinkCheckOptions links_;
  std::map<LinkStatus, std::optional<Severity>> severities_;  // nullopt: the class is not reported
  std::vector<std::string> documents_;
  std::unordered_map<std::string, std::size_t> target_index_;
  std::vector<Target> targets_;
};

void add_broken_link_check(CheckRegistry& registry) { registry.add<BrokenLinkCheck>(); }

}  // namespace hlint
