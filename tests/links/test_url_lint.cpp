// Offline URL analysis.
#include <catch2/catch.hpp>

#include "links/curl_util.hpp"
#include "links/url_lint.hpp"

using hlint::links::analyze_url;
using hlint::links::inspect_url;
using hlint::links::is_relative_url;
using hlint::links::UrlLintOptions;
using hlint::links::UrlProblem;
using hlint::links::UrlProblemKind;

namespace {

std::vector<UrlProblem> of_kind(const std::vector<UrlProblem>& problems, UrlProblemKind kind) {
  std::vector<UrlProblem> matching;
  for (const auto& p : problems) {
    if (p.kind == kind) matching.push_back(p);
  }
  return matching;
}

std::string span(std::string_view url, const UrlProblem& p) {
  return std::string(url.substr(p.begin, p.end - p.begin));
}

}  // namespace

TEST_CASE("the doubled scraped COS URL: doubled slash and repeated path", "[links][url]") {
  const std::string url =
      "https://tmp-file-1252627319.cos.ap-shanghai.myqcloud.com//gov_img/2021/7/31/"
      "3090314550359328768.gov_img/2021/7/31/3195112293201689600.png";
  const auto problems = analyze_url(url);
  REQUIRE(problems.size() == 2);

  const auto doubled = of_kind(problems, UrlProblemKind::doubled_slash);
  REQUIRE(doubled.size() == 1);
  const std::size_t slash = url.find("//gov_img");
  CHECK(doubled[0].begin == slash);
  CHECK(doubled[0].end == slash + 2);
  CHECK(doubled[0].begin == 56);
  CHECK(span(url, doubled[0]) == "//");

  const auto repeated = of_kind(problems, UrlProblemKind::repeated_path);
  REQUIRE(repeated.size() == 1);
  const std::size_t second = url.find("gov_img/2021/7/31/", slash + 3);
  CHECK(repeated[0].begin == second);
  CHECK(repeated[0].end == second + std::string("gov_img/2021/7/31/").size());
  CHECK(repeated[0].begin == 96);
  CHECK(repeated[0].end == 114);
  CHECK(span(url, repeated[0]) == "gov_img/2021/7/31/");
  CHECK(to_string(repeated[0].kind) == std::string("repeated-path"));
  CHECK(to_string(doubled[0].kind) == std::string("doubled-slash"));

  CHECK_FALSE(inspect_url(url).is_relative);
}

TEST_CASE("scheme problems", "[links][url]") {
  const auto ftp = analyze_url("ftp://x/y.png");
  REQUIRE(ftp.size() == 1);
  CHECK(ftp[0].kind == UrlProblemKind::scheme);
  CHECK(ftp[0].begin == 0);
  CHECK(ftp[0].end == 3);

  const auto js = analyze_url("javascript:alert(1)");
  REQUIRE(js.size() == 1);
  CHECK(js[0].kind == UrlProblemKind::scheme);
  CHECK(js[0].end == 10);
}

TEST_CASE("plain http is insecure unless https is not expected", "[links][url]") {
  const auto http = analyze_url("http://example.com/a.png");
  REQUIRE(http.size() == 1);
  CHECK(http[0].kind == UrlProblemKind::insecure_http);
  CHECK(http[0].begin == 0);
  CHECK(http[0].end == 4);

  UrlLintOptions relaxed;
  relaxed.expect_https = false;
  CHECK(analyze_url("http://example.com/a.png", relaxed).empty());
  CHECK(analyze_url("https://example.com/a.png").empty());
}

TEST_CASE("a bare http:// has no host: syntax", "[links][url]") {
  const auto problems = analyze_url("http://");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].kind == UrlProblemKind::syntax);
  CHECK(problems[0].begin == 0);
  CHECK(problems[0].end == 7);
}

TEST_CASE("placeholder hosts", "[links][url]") {
  const std::string url = "https://picsum.photos/200";
  const auto problems = analyze_url(url);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].kind == UrlProblemKind::placeholder_host);
  CHECK(span(url, problems[0]) == "picsum.photos");

  const std::string sub = "https://via.placeholder.com/300x200.png";
  REQUIRE(of_kind(analyze_url(sub), UrlProblemKind::placeholder_host).size() == 1);
  CHECK(analyze_url("https://notpicsum.photos/200").empty());
  // Letters fold on both sides; a subdomain needs its dot, a bare suffix is not one.
  CHECK(of_kind(analyze_url("https://I.PicSum.Photos/200"), UrlProblemKind::placeholder_host).size() == 1);
  CHECK(of_kind(analyze_url("https://.picsum.photos/200"), UrlProblemKind::placeholder_host).size() == 1);
  CHECK(analyze_url("https://picsum.photos.example.com/200").empty());

  UrlLintOptions custom;
  custom.placeholder_hosts = {"Example.ORG"};
  CHECK(of_kind(analyze_url("https://img.EXAMPLE.org/a.png", custom),
                UrlProblemKind::placeholder_host)
            .size() == 1);
}

TEST_CASE("whitespace inside and around the URL", "[links][url]") {
  const std::string inner = "https://example.com/my image.png";
  const auto problems = analyze_url(inner);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].kind == UrlProblemKind::whitespace);
  CHECK(problems[0].begin == inner.find(' '));
  CHECK(problems[0].end == inner.find(' ') + 1);

  const std::string around = "  https://example.com/a.png\n";
  const auto edges = of_kind(analyze_url(around), UrlProblemKind::whitespace);
  REQUIRE(edges.size() == 2);
  CHECK(edges[0].begin == 0);
  CHECK(edges[0].end == 2);
  CHECK(edges[1].begin == around.size() - 1);
  CHECK(analyze_url(around).size() == 2);  // otherwise a fine URL

  // The ideographic space (U+3000) from Chinese text counts too.
  const std::string ideographic = "https://example.com/a\xE3\x80\x80.png";
  const auto wide = of_kind(analyze_url(ideographic), UrlProblemKind::whitespace);
  REQUIRE(wide.size() == 1);
  CHECK(wide[0].end - wide[0].begin == 3);
}

TEST_CASE("malformed URLs are syntax problems", "[links][url]") {
  for (const std::string url : {"https://[::1", "ht!tp://x/a.png", "https://x.com:99999/a.png",
                                "http:/x.png", ""}) {
    INFO(url);
    CHECK_FALSE(of_kind(analyze_url(url), UrlProblemKind::syntax).empty());
  }
}

TEST_CASE("relative URLs are reported as relative, not as errors", "[links][url]") {
  for (const std::string url : {"images/a.png", "/images/a.png", "../a.png", "a.png?x=1"}) {
    INFO(url);
    const auto analysis = inspect_url(url);
    CHECK(analysis.is_relative);
    CHECK(analysis.problems.empty());
    CHECK(is_relative_url(url));
  }
  CHECK_FALSE(is_relative_url("https://example.com/a.png"));

  const auto protocol_relative = inspect_url("//cdn.example.com/a.png");
  CHECK_FALSE(protocol_relative.is_relative);
  CHECK(protocol_relative.is_protocol_relative);
  CHECK(protocol_relative.host == "cdn.example.com");
  CHECK(protocol_relative.problems.empty());

  // Path checks still apply to relative references.
  const std::string doubled = "images//a.png";
  const auto problems = analyze_url(doubled);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].kind == UrlProblemKind::doubled_slash);
  CHECK(problems[0].begin == 6);
}

TEST_CASE("data URIs and embedded URLs are left alone", "[links][url]") {
  const auto data = inspect_url("data:image/png;base64,iVBORw0KGgo=");
  CHECK(data.is_data);
  CHECK(data.problems.empty());

  // "https://" inside the path of an archive URL is not a doubled slash.
  CHECK(analyze_url("https://web.archive.org/web/2020/https://example.com/a.png").empty());
}

TEST_CASE("repeated path heuristics stay quiet on normal paths", "[links][url]") {
  CHECK(analyze_url("https://example.com/2021/07/31/a.png").empty());
  CHECK(analyze_url("https://example.com/a/b/c/d/e.png").empty());
  CHECK(analyze_url("https://example.com/uploads/2021/07/photo-2021-07.png").empty());
  const std::string doubled_segment = "https://example.com/images/images/a.png";
  const auto problems = analyze_url(doubled_segment);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].kind == UrlProblemKind::repeated_path);
  CHECK(span(doubled_segment, problems[0]) == "images/");
  CHECK(problems[0].begin == doubled_segment.rfind("images/"));
}

TEST_CASE("of two repeated runs as long, the first one is reported", "[links][url]") {
  // `aa/bb/` and `cc/dd/` both appear twice; starts with other first bytes
  // (`X`, `Y`, `p`) lie between them.
  const std::string url = "https://h.example.com/cc/X/aa/bb/Y/aa/bb/Z/cc/dd/W/cc/dd/p.png";
  const auto repeated = of_kind(analyze_url(url), UrlProblemKind::repeated_path);
  REQUIRE(repeated.size() == 1);
  CHECK(span(url, repeated[0]) == "aa/bb/");
  CHECK(repeated[0].begin == url.find("aa/bb/", url.find("aa/bb/") + 1));
  // A longer run later still wins.
  const std::string longer = "https://h.example.com/aa/bb/X/aa/bb/Y/cc/dd/ee/Z/cc/dd/ee/p.png";
  const auto longest = of_kind(analyze_url(longer), UrlProblemKind::repeated_path);
  REQUIRE(longest.size() == 1);
  CHECK(span(longer, longest[0]) == "cc/dd/ee/");
}

TEST_CASE("every problem span lies inside the URL", "[links][url]") {
  const std::vector<std::string> urls = {
      " http://picsum.photos//a/b/c/x.a/b/c/y.png ", "ftp://user:pw@host//x", "http:/x",
      "https://例子.中国//图片/图片/a.png", "\t", "https://x.com/a b//c",
  };
  for (const auto& url : urls) {
    for (const auto& problem : analyze_url(url)) {
      INFO(url << " " << to_string(problem.kind));
      CHECK(problem.begin <= problem.end);
      CHECK(problem.end <= url.size());
    }
  }
}

// inspect_url parses an absolute URL once, on its own, instead of resolving it
// against its sentinel base: that relies on libcurl giving the same parts both
// ways (an absolute URL replaces the base). This pins that behaviour for the
// shapes the corpus has, so a libcurl upgrade that broke it would show here.
TEST_CASE("an absolute URL parsed alone equals the URL resolved against a base", "[links][url]") {
  constexpr unsigned int kFlags = CURLU_NON_SUPPORT_SCHEME | CURLU_PATH_AS_IS | CURLU_ALLOW_SPACE;
  const std::vector<std::string> urls = {
      "https://cdn.example.com/a.png",
      "https://cdn.example.com//uploads//uploads/2021/05/a.png?x=1#top",
      "http://user:pw@example.com:8080/a/../b/./c.jpg",
      "HTTPS://EXAMPLE.COM/Upper.PNG",
      "https://example.com/a b.png",
      "https://例子.测试/图片.png",
      "https://example.com/%E5%9B%BE.png",
      "ftp://example.com/a.gif",
      "https://example.com",
      "https://example.com?only=query",
      "https://[::1]:8443/a.png",
  };
  const std::vector<CURLUPart> parts = {CURLUPART_URL,  CURLUPART_SCHEME, CURLUPART_USER,  CURLUPART_PASSWORD,
                                        CURLUPART_HOST, CURLUPART_PORT,   CURLUPART_PATH,  CURLUPART_QUERY,
                                        CURLUPART_FRAGMENT};
  for (const auto& url : urls) {
    INFO(url);
    hlint::links::detail::CurlUrl alone;
    hlint::links::detail::CurlUrl resolved;
    const CURLUcode alone_rc = alone.set_url(url, kFlags);
    REQUIRE(resolved.set_url("hlintbase://hlint.invalid/hlint/base", kFlags) == CURLUE_OK);
    const CURLUcode resolved_rc = resolved.set_url(url, kFlags);
    REQUIRE(alone_rc == resolved_rc);
    if (alone_rc != CURLUE_OK) continue;
    for (const CURLUPart part : parts) CHECK(alone.get(part) == resolved.get(part));
  }
}
