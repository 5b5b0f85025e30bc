// Unit tests of the pure pieces: image sniffing, address policy, decisions.
#include <catch2/catch.hpp>

#include "links/address_policy.hpp"
#include "links/classify.hpp"
#include "links/image_sniff.hpp"

using namespace std::chrono_literals;
using hlint::links::describe_non_image;
using hlint::links::forbidden_address_reason;
using hlint::links::ImageFormat;
using hlint::links::LinkStatus;
using hlint::links::sniff_image_format;
namespace detail = hlint::links::detail;

TEST_CASE("image signatures", "[links][sniff]") {
  using std::string_literals::operator""s;
  CHECK(sniff_image_format("\x89PNG\r\n\x1A\n rest") == ImageFormat::png);
  CHECK(sniff_image_format("\xFF\xD8\xFF\xE0 JFIF") == ImageFormat::jpeg);
  CHECK(sniff_image_format("GIF87a....") == ImageFormat::gif);
  CHECK(sniff_image_format("GIF89a....") == ImageFormat::gif);
  CHECK(sniff_image_format("RIFF\x10\0\0\0WEBPVP8 "s) == ImageFormat::webp);
  CHECK(sniff_image_format("RIFF\x10\0\0\0WAVEfmt "s) == ImageFormat::unknown);
  CHECK(sniff_image_format("\0\0\0\x1C" "ftypavif\0\0\0\0mif1miaf"s) == ImageFormat::avif);
  CHECK(sniff_image_format("\0\0\0\x1C" "ftypavis\0\0\0\0mif1miaf"s) == ImageFormat::avif);
  CHECK(sniff_image_format("\0\0\0\x1C" "ftypmif1\0\0\0\0mif1avif"s) == ImageFormat::avif);
  CHECK(sniff_image_format("\0\0\0\x18" "ftypmp42\0\0\0\0isommp42"s) == ImageFormat::unknown);
  CHECK(sniff_image_format("BM\x36\0\0\0\0\0\0\0\x36\0\0\0"s) == ImageFormat::bmp);
  CHECK(sniff_image_format("\0\0\1\0\1\0\x10\x10"s) == ImageFormat::ico);
  CHECK(sniff_image_format("<svg xmlns='http://www.w3.org/2000/svg'/>") == ImageFormat::svg);
  CHECK(sniff_image_format("\xEF\xBB\xBF  <?xml version='1.0'?>\n<!-- x -->\n<svg/>") ==
        ImageFormat::svg);
  CHECK(sniff_image_format("<?xml version='1.0'?><Error><Code>NoSuchKey</Code></Error>") ==
        ImageFormat::unknown);
  CHECK(sniff_image_format("<!DOCTYPE html><html><svg/></html>") == ImageFormat::unknown);
  CHECK(sniff_image_format("") == ImageFormat::unknown);
}

TEST_CASE("non-image bodies are described", "[links][sniff]") {
  CHECK(describe_non_image("<!doctype html><html>") == "an HTML page");
  CHECK(describe_non_image("  <html lang='zh'>") == "an HTML page");
  CHECK(describe_non_image("<?xml version='1.0'?><Error/>") == "an XML document");
  CHECK(describe_non_image("{\"error\": 404}") == "JSON");
  CHECK(describe_non_image("Not Found") == "text");
  CHECK(describe_non_image("文件不存在") == "text");
  CHECK(describe_non_image(std::string("\0\1\2\3binary", 10)).empty());
}

TEST_CASE("refused address ranges", "[links][address]") {
  for (const char* ip : {"127.0.0.1", "127.255.0.9", "10.1.2.3", "172.16.0.1", "172.31.255.255",
                         "192.168.0.10", "169.254.1.1", "169.254.169.254", "100.64.0.1",
                         "100.127.255.255", "0.0.0.0", "0.1.2.3", "224.0.0.1",
                         "255.255.255.255", "::1", "::", "fc00::1", "fd12:3456::1", "fe80::1",
                         "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a00:1",
                         "2002:c0a8:0101::1", "ff02::1", "not-an-ip"}) {
    INFO(ip);
    CHECK(forbidden_address_reason(std::string_view(ip)).has_value());
  }
  for (const char* ip : {"8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1", "100.63.255.255",
                         "100.128.0.1", "169.253.0.1", "192.169.0.1", "11.0.0.1",
                         "2606:4700::1111", "::ffff:8.8.8.8", "2002:0808:0808::1"}) {
    INFO(ip);
    CHECK_FALSE(forbidden_address_reason(std::string_view(ip)).has_value());
  }
  CHECK(*forbidden_address_reason(std::string_view("169.254.169.254")) == "cloud metadata");
  CHECK(*forbidden_address_reason(std::string_view("127.0.0.1")) == "loopback");
  CHECK(*forbidden_address_reason(std::string_view("100.64.0.1")) == "carrier-grade NAT");
}

TEST_CASE("body classification", "[links][classify]") {
  const std::string png = "\x89PNG\r\n\x1A\nxxxxxxxx";
  const std::string html = "<!DOCTYPE html><html><body>Error</body></html>";
  CHECK(detail::classify_body("image/png", png, true, -1).status == LinkStatus::ok);
  CHECK(detail::classify_body("", png, true, -1).status == LinkStatus::ok);
  CHECK(detail::classify_body("application/octet-stream", png, true, -1).status == LinkStatus::ok);
  // Mislabelled but displayable: ok, with a note.
  const auto mislabelled = detail::classify_body("text/html", png, true, -1);
  CHECK(mislabelled.status == LinkStatus::ok);
  CHECK_FALSE(mislabelled.detail.empty());
  CHECK(detail::classify_body("image/png", html, true, -1).status == LinkStatus::not_an_image);
  CHECK(detail::classify_body("text/html; charset=utf-8", html, true, -1).status ==
        LinkStatus::not_an_image);
  CHECK(detail::classify_body("image/png", "", true, 0).status == LinkStatus::empty);
  CHECK(detail::classify_body("image/tiff", std::string("II*\0xxxx", 8), true, -1).status ==
        LinkStatus::ok);
  CHECK(detail::classify_body("application/zip", std::string("PK\3\4\0\0", 6), true, -1).status ==
        LinkStatus::not_an_image);
  CHECK(detail::classify_body("image/svg+xml", "<svg/>", true, -1).status == LinkStatus::ok);
  CHECK(detail::classify_body("text/plain", "<svg/>", true, -1).status == LinkStatus::not_an_image);
  // HEAD: only headers.
  CHECK(detail::classify_body("image/jpeg", "", false, 1234).status == LinkStatus::ok);
  CHECK(detail::classify_body("text/html", "", false, 1234).status == LinkStatus::not_an_image);
  CHECK(detail::classify_body("image/jpeg", "", false, 0).status == LinkStatus::empty);
}

TEST_CASE("Retry-After parsing", "[links][classify]") {
  CHECK(detail::parse_retry_after("1", 0) == std::optional(std::chrono::milliseconds(1000)));
  CHECK(detail::parse_retry_after(" 120 ", 0) == std::optional(std::chrono::milliseconds(120000)));
  CHECK_FALSE(detail::parse_retry_after("", 0).has_value());
  CHECK_FALSE(detail::parse_retry_after("soon", 0).has_value());
  CHECK_FALSE(detail::parse_retry_after("-5", 0).has_value());
  // 784111777 = Sun, 06 Nov 1994 08:49:37 GMT
  CHECK(detail::parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784111777 - 30) ==
        std::optional(std::chrono::milliseconds(30000)));
  CHECK(detail::parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784111777 + 30) ==
        std::optional(std::chrono::milliseconds(0)));
}

TEST_CASE("exponential backoff with bounded jitter", "[links][classify]") {
  CHECK(detail::backoff_delay(1, 100ms, 0.0) == 100ms);
  CHECK(detail::backoff_delay(2, 100ms, 0.0) == 200ms);
  CHECK(detail::backoff_delay(3, 100ms, 0.0) == 400ms);
  CHECK(detail::backoff_delay(1, 100ms, 0.999) <= 150ms);
  CHECK(detail::backoff_delay(1, 100ms, 0.5) == 125ms);
}

TEST_CASE("cache TTL classes", "[links][classify]") {
  const hlint::links::CacheTtl ttl;
  CHECK(detail::ttl_for(LinkStatus::ok, ttl) == std::chrono::hours(24 * 7));
  CHECK(detail::ttl_for(LinkStatus::not_found, ttl) == std::chrono::hours(24));
  CHECK(detail::ttl_for(LinkStatus::hotlink_protected, ttl) == std::chrono::hours(24));
  CHECK(detail::ttl_for(LinkStatus::timeout, ttl) == std::chrono::minutes(30));
  CHECK(detail::ttl_for(LinkStatus::server_error, ttl) == std::chrono::hours(1));
  CHECK(detail::ttl_for(LinkStatus::rate_limited, ttl) == std::chrono::hours(1));
  CHECK(detail::ttl_for(LinkStatus::dns_failure, ttl) == std::chrono::hours(1));
  CHECK_FALSE(detail::is_cacheable(LinkStatus::network_unreachable));
  CHECK_FALSE(detail::is_cacheable(LinkStatus::refused_address));
  CHECK(detail::is_cacheable(LinkStatus::not_found));
}

TEST_CASE("network outage detection", "[links][classify]") {
  using detail::NetworkAttempt;
  auto dns = [](std::string host) {
    return NetworkAttempt{std::move(host), LinkStatus::dns_failure, false, false};
  };
  CHECK_FALSE(detail::is_network_outage({}));
  // One dead domain is just a dead domain.
  CHECK_FALSE(detail::is_network_outage({dns("a.example")}));
  CHECK_FALSE(detail::is_network_outage({dns("a.example"), dns("a.example")}));
  // Every lookup on several hosts failing: the network is gone.
  CHECK(detail::is_network_outage({dns("a.example"), dns("b.example"), dns("c.example")}));
  // ENETUNREACH says so directly, even for one host.
  CHECK(detail::is_network_outage(
      {NetworkAttempt{"a.example", LinkStatus::network_unreachable, false, true}}));
  // Any answer from any server means the network works.
  CHECK_FALSE(detail::is_network_outage(
      {dns("a.example"), dns("b.example"),
       NetworkAttempt{"c.example", LinkStatus::not_found, true, false}}));
  CHECK_FALSE(detail::is_network_outage(
      {dns("a.example"), dns("b.example"),
       NetworkAttempt{"c.example", LinkStatus::timeout, false, false}}));
}

TEST_CASE("attempts decided locally are neutral in outage detection", "[links][classify]") {
  using detail::NetworkAttempt;
  auto dns = [](std::string host) {
    return NetworkAttempt{std::move(host), LinkStatus::dns_failure, false, false};
  };
  // libcurl refused the URL (a host it cannot encode): no network was used.
  const NetworkAttempt malformed{"tmp-第71号file.example", LinkStatus::other, false, false, true};
  // The address policy refused the peer before a socket was opened.
  const NetworkAttempt refused{"10.0.0.1", LinkStatus::refused_address, false, false, true};

  // They do not hide an outage...
  CHECK(detail::is_network_outage({dns("a.example"), malformed, dns("b.example"), refused}));
  CHECK(detail::is_network_outage(
      {malformed, NetworkAttempt{"a.example", LinkStatus::network_unreachable, false, true}}));
  // ...and do not make one: alone they prove nothing, nor do they count as
  // a second failing host.
  CHECK_FALSE(detail::is_network_outage({malformed, refused}));
  CHECK_FALSE(detail::is_network_outage({dns("a.example"), malformed, refused}));
  // An answer still disproves an outage, even from a URL that later failed
  // locally (a redirect to an unusable URL).
  const NetworkAttempt answered_then_refused{"c.example", LinkStatus::other, true, false, true};
  CHECK_FALSE(detail::is_network_outage({dns("a.example"), dns("b.example"), answered_then_refused}));
  // A real failure that is neither a lookup nor unreachable still counts.
  CHECK_FALSE(detail::is_network_outage(
      {dns("a.example"), dns("b.example"), malformed,
       NetworkAttempt{"c.example", LinkStatus::connection_failed, false, false}}));
}

TEST_CASE("failures libcurl decides before using the network", "[links][classify]") {
  CHECK(detail::fails_before_network(CURLE_URL_MALFORMAT));
  CHECK(detail::fails_before_network(CURLE_UNSUPPORTED_PROTOCOL));
  CHECK(detail::fails_before_network(CURLE_FAILED_INIT));
  CHECK_FALSE(detail::fails_before_network(CURLE_COULDNT_RESOLVE_HOST));
  CHECK_FALSE(detail::fails_before_network(CURLE_COULDNT_CONNECT));
  CHECK_FALSE(detail::fails_before_network(CURLE_OPERATION_TIMEDOUT));
  CHECK_FALSE(detail::fails_before_network(CURLE_OK));
}

TEST_CASE("status ids are stable and round-trip", "[links][classify]") {
  const std::vector<std::pair<LinkStatus, std::string>> ids = {
      {LinkStatus::ok, "ok"},
      {LinkStatus::not_found, "not-found"},
      {LinkStatus::hotlink_protected, "hotlink-protected"},
      {LinkStatus::forbidden, "forbidden"},
      {LinkStatus::server_error, "server-error"},
      {LinkStatus::timeout, "timeout"},
      {LinkStatus::dns_failure, "dns-failure"},
      {LinkStatus::tls_error, "tls-error"},
      {LinkStatus::redirect_loop, "redirect-loop"},
      {LinkStatus::too_many_redirects, "too-many-redirects"},
      {LinkStatus::not_an_image, "not-an-image"},
      {LinkStatus::empty, "empty"},
      {LinkStatus::refused_address, "refused-address"},
      {LinkStatus::unsupported_scheme, "unsupported-scheme"},
      {LinkStatus::network_unreachable, "network-unreachable"},
      {LinkStatus::connection_failed, "connection-failed"},
      {LinkStatus::rate_limited, "rate-limited"},
      {LinkStatus::other, "other"},
  };
  for (const auto& [status, id] : ids) {
    CHECK(hlint::links::to_string(status) == id);
    CHECK(hlint::links::link_status_from_string(id) == status);
  }
  CHECK_FALSE(hlint::links::link_status_from_string("bogus").has_value());
}
