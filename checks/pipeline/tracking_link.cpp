// pipeline/tracking-link: a link in the body to an affiliate or tracking
// redirector (`s.click.taobao.com`, `union-click.jd.com`, `?pid=mm_…`), often
// hidden behind ordinary words: the reader is not told the link earns money.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "core/check.hpp"
#include "core/html_scan.hpp"

namespace hlint {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

class TrackingLinkCheck : public Check {
 public:
  static CheckInfo info() {
    return {"pipeline/tracking-link",
            Severity::warning,
            {{"hosts", OptionType::phrase_list, "tracking-hosts", "affiliate and tracking hosts (and their subdomains)"},
             {"params", OptionType::phrase_list, "tracking-params",
              "affiliate query parameters (`name`, or `name=prefix` for values starting with prefix)"}},
            false};
  }
  explicit TrackingLinkCheck(const CheckOptions& options) {
    for (const std::string& host : options.get_phrases("hosts", "tracking-hosts")) hosts_.push_back(lower(host));
    for (const std::string& param : options.get_phrases("params", "tracking-params")) {
      const std::size_t eq = param.find('=');
      params_.push_back({lower(param.substr(0, eq)), eq == std::string::npos ? "" : param.substr(eq + 1)});
    }
  }

  void check(const Document& doc, Reporter& out) const override {
    if (doc.body_format() != BodyFormat::html) return;
    for (const HtmlToken& token : doc.html_tokens()) {
      if (token.kind != HtmlToken::Kind::start_tag || token.name != "a") continue;
      const HtmlAttribute* href = token.attribute("href");
      if (!href || !href->has_value) continue;
      if (const auto why = tracking(href->value))
        out.report(href->value_span, fmt::format("affiliate or tracking link ({}): readers are not told the link "
                                                 "counts their click or earns a commission",
                                                 *why));
    }
  }

 private:
  struct Param {
    std::string name;
    std::string prefix;
  };

  std::optional<std::string> tracking(std::string_view url) const {
    const std::size_t scheme = url.find("//");
    if (scheme == std::string_view::npos) return std::nullopt;
    const std::size_t host_begin = scheme + 2;
    const std::size_t host_end = std::min(url.find_first_of("/?#:", host_begin), url.size());
    const std::string host = lower(url.substr(host_begin, host_end - host_begin));
    for (const std::string& h : hosts_)
      if (host == h || (host.size() > h.size() && host.ends_with(h) && host[host.size() - h.size() - 1] == '.'))
        return fmt::format("host `{}`", host);
    const std::size_t query = url.find('?');
    if (query == std::string_view::npos) return std::nullopt;
    std::string_view rest = url.substr(query + 1);
    while (!rest.empty()) {
      std::size_t amp = rest.find_first_of("&#");
      // `&amp;` as written in HTML.
      std::string_view pair = rest.substr(0, amp);
      if (pair.starts_with("amp;")) pair.remove_prefix(4);
      const std::size_t eq = pair.find('=');
      const std::string name = lower(pair.substr(0, eq));
      const std::string_view value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
      for (const Param& p : params_)
        if (name == p.name && value.starts_with(p.prefix) && (eq != std::string_view::npos))
          return fmt::format("parameter `{}`", pair.substr(0, std::min<std::size_t>(pair.size(), 40)));
      if (amp == std::string_view::npos || rest[amp] == '#') break;
      rest.remove_prefix(amp + 1);
    }
    return std::nullopt;
  }

  std::vector<std::string> hosts_;
  std::vector<Param> params_;
};

void add_tracking_link_check(CheckRegistry& registry) { registry.add<TrackingLinkCheck>(); }

}  // namespace hlint
