#include "links/classify.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "links/image_sniff.hpp"

namespace hlint::links::detail {

namespace {

// "Image/PNG; charset=x" -> "image/png".
std::string media_type(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && std::isspace(static_cast<unsigned char>(type.back())) != 0) {
    type.remove_suffix(1);
  }
  while (!type.empty() && std::isspace(static_cast<unsigned char>(type.front())) != 0) {
    type.remove_prefix(1);
  }
  std::string result(type);
  std::transform(result.begin(), result.end(), result.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return result;
}

// No Content-Type, or one that says "just bytes": the body decides.
bool is_neutral_type(const std::string& type) {
  return type.empty() || type == "application/octet-stream" || type == "binary/octet-stream";
}

std::string describe_type(const std::string& type) {
  return type.empty() ? std::string("no Content-Type") : "Content-Type " + type;
}

}  // namespace

BodyVerdict classify_body(std::string_view content_type, std::string_view first_bytes,
                          bool body_fetched, long long content_length) {
  const std::string type = media_type(content_type);
  const bool image_type = type.starts_with("image/");

  if (!body_fetched) {  // HEAD: headers are all we have.
    if (content_length == 0) return {LinkStatus::empty, "the server reports a zero-length body"};
    if (image_type || is_neutral_type(type)) return {LinkStatus::ok, ""};
    return {LinkStatus::not_an_image, fmt::format("served with {}", describe_type(type))};
  }

  if (first_bytes.empty()) return {LinkStatus::empty, "the server sent an empty body"};

  const ImageFormat format = sniff_image_format(first_bytes);
  if (format == ImageFormat::svg) {
    // Browsers render an SVG in <img> only when it is labelled as one.
    if (type == "image/svg+xml" || is_neutral_type(type)) return {LinkStatus::ok, ""};
    return {LinkStatus::not_an_image,
            fmt::format("SVG served with {}; browsers only render it as image/svg+xml",
                        describe_type(type))};
  }
  if (format != ImageFormat::unknown) {
    if (image_type || is_neutral_type(type)) return {LinkStatus::ok, ""};
    // Browsers sniff raster images, so it displays; still worth a note.
    return {LinkStatus::ok, fmt::format("{} image served with {}", to_string(format),
                                        describe_type(type))};
  }

  const std::string_view what = describe_non_image(first_bytes);
  if (!what.empty()) {
    return {LinkStatus::not_an_image,
            fmt::format("the body is {}, served with {}", what, describe_type(type))};
  }
  if (image_type) {
    // A format we do not sniff (TIFF, HEIC, JPEG XL...): trust the label.
    return {LinkStatus::ok, fmt::format("unrecognised image signature ({})", type)};
  }
  return {LinkStatus::not_an_image,
          fmt::format("unrecognised binary body served with {}", describe_type(type))};
}

std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                           std::time_t now) {
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front())) != 0) {
    value.remove_prefix(1);
  }
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back())) != 0) {
    value.remove_suffix(1);
  }
  if (value.empty()) return std::nullopt;
  long long seconds = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec == std::errc() && end == value.data() + value.size()) {
    if (seconds < 0) return std::nullopt;
    return std::chrono::seconds(seconds);
  }
  // HTTP-date; curl_getdate knows all three legal formats.
  const std::string text(value);
  const std::time_t when = curl_getdate(text.c_str(), nullptr);
  if (when < 0) return std::nullopt;
  return std::chrono::seconds(std::max<std::time_t>(0, when - now));
}

std::chrono::milliseconds backoff_delay(int retry, std::chrono::milliseconds base,
                                        double jitter) {
  const int exponent = std::clamp(retry - 1, 0, 16);
  const double scale = std::ldexp(1.0, exponent) * (1.0 + std::clamp(jitter, 0.0, 1.0) / 2.0);
  return std::chrono::milliseconds(
      static_cast<long long>(std::llround(static_cast<double>(base.count()) * scale)));
}

bool is_transient(LinkStatus status) {
  switch (status) {
    case LinkStatus::timeout:
    case LinkStatus::dns_failure:
    case LinkStatus::connection_failed:
    case LinkStatus::server_error:
    case LinkStatus::rate_limited:
    case LinkStatus::network_unreachable:
      return true;
    default:
      return false;
  }
}

bool is_cacheable(LinkStatus status) {
  switch (status) {
    case LinkStatus::network_unreachable:  // about this machine, not the URL
    case LinkStatus::refused_address:      // depends on allow_private
    case LinkStatus::unsupported_scheme:   // decided offline, costs nothing
      return false;
    default:
      return true;
  }
}

std::chrono::seconds ttl_for(LinkStatus status, const CacheTtl& ttl) {
  if (status == LinkStatus::ok) return ttl.ok;
  if (status == LinkStatus::timeout) return ttl.timeout;
  if (is_transient(status)) return ttl.network;
  return ttl.failure;
}

bool fails_before_network(CURLcode code) {
  switch (code) {
    case CURLE_URL_MALFORMAT:          // e.g. a host libcurl cannot encode
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_NOT_BUILT_IN:
    case CURLE_FAILED_INIT:            // our own setup failed (see Engine::start)
    case CURLE_BAD_FUNCTION_ARGUMENT:
    case CURLE_UNKNOWN_OPTION:
    case CURLE_OUT_OF_MEMORY:
      return true;
    default:
      return false;
  }
}

bool is_network_outage(const std::vector<NetworkAttempt>& attempts) {
  std::set<std::string> hosts;
  bool os_unreachable = false;
  for (const NetworkAttempt& attempt : attempts) {
    if (attempt.got_response) return false;
    // A URL libcurl refused, or a peer we refused, never reached the network;
    // letting it count against an outage would make one odd URL in a corpus
    // hide a missing network.
    if (attempt.decided_locally) continue;
    const bool lookup_failed = attempt.status == LinkStatus::dns_failure;
    const bool unreachable = attempt.status == LinkStatus::network_unreachable ||
                             (attempt.status == LinkStatus::connection_failed &&
                              attempt.os_unreachable);
    if (!lookup_failed && !unreachable) return false;
    os_unreachable = os_unreachable || attempt.os_unreachable ||
                     attempt.status == LinkStatus::network_unreachable;
    hosts.insert(attempt.host);
  }
  // No attempt that used the network: nothing to conclude.
  return os_unreachable || hosts.size() >= 2;
}

}  // namespace hlint::links::detail
