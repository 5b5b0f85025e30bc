#include "links/curl_util.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace hlint::links::detail {

void ensure_curl_global_init() {
  // Runs once, thread-safely (C++ magic statics); never cleaned up because
  // other parts of the process may still hold curl handles at exit.
  static const CURLcode init_result = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (init_result != CURLE_OK) {
    throw std::runtime_error(std::string("curl_global_init failed: ") +
                             curl_easy_strerror(init_result));
  }
}

ScopedUtf8Ctype::ScopedUtf8Ctype() {
  // "C.UTF-8" is built into glibc 2.35+; older systems spell it "C.utf8" or
  // have only a language's UTF-8 locale.
  for (const char* name : {"C.UTF-8", "C.utf8", "en_US.UTF-8"}) {
    utf8_ = newlocale(LC_CTYPE_MASK, name, nullptr);
    if (utf8_ != nullptr) break;
  }
  if (utf8_ != nullptr) previous_ = uselocale(utf8_);
}

ScopedUtf8Ctype::~ScopedUtf8Ctype() {
  if (utf8_ == nullptr) return;
  uselocale(previous_);
  freelocale(utf8_);
}

CurlUrl::CurlUrl() : handle_(curl_url()) {
  if (handle_ == nullptr) throw std::bad_alloc();
}

CurlUrl::~CurlUrl() { curl_url_cleanup(handle_); }

CURLUcode CurlUrl::set_url(std::string_view url, unsigned int flags) {
  // CURLU needs a NUL-terminated string; an embedded NUL would truncate it
  // silently, so reject that case outright.
  if (url.find('\0') != std::string_view::npos) return CURLUE_MALFORMED_INPUT;
  const std::string copy(url);
  return curl_url_set(handle_, CURLUPART_URL, copy.c_str(), flags);
}

std::optional<std::string> CurlUrl::get(CURLUPart part, unsigned int flags) const {
  char* value = nullptr;
  if (curl_url_get(handle_, part, &value, flags) != CURLUE_OK || value == nullptr) {
    return std::nullopt;
  }
  std::string result(value);
  curl_free(value);
  return result;
}

namespace {
std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// Encodes bytes that may not appear raw in a request line. '%' is kept:
// existing escapes must not be double-encoded.
std::string percent_encode_unsafe(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string result;
  result.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7F || c == '"' || c == '<' || c == '>' || c == '`') {
      result += '%';
      result += kHex[byte >> 4];
      result += kHex[byte & 0x0F];
    } else {
      result += c;
    }
  }
  return result;
}

bool is_default_port(const std::string& scheme, const std::string& port) {
  return (scheme == "http" && port == "80") || (scheme == "https" && port == "443");
}
}  // namespace

std::string ParsedHttpUrl::origin() const {
  std::string result = scheme + "://" + host;
  if (!is_default_port(scheme, port)) result += ":" + port;
  return result + "/";
}

std::string ParsedHttpUrl::host_key() const { return scheme + "://" + host + ":" + port; }

ParseOutcome parse_absolute_url(std::string_view url) {
  ensure_curl_global_init();
  ParseOutcome outcome;
  // Browsers ignore surrounding blanks in src attributes; so do we.
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; };
  while (!url.empty() && blank(url.front())) url.remove_prefix(1);
  while (!url.empty() && blank(url.back())) url.remove_suffix(1);

  CurlUrl handle;
  // NON_SUPPORT_SCHEME: parse "ftp:" or "file:" too, so the caller can tell
  // "unsupported scheme" apart from "garbage". ALLOW_SPACE: a browser
  // fetches "a b.png" as "a%20b.png", so we check what it would fetch.
  const CURLUcode rc = handle.set_url(url, CURLU_NON_SUPPORT_SCHEME | CURLU_ALLOW_SPACE);
  if (rc != CURLUE_OK) {
    outcome.error = curl_url_strerror(rc);
    return outcome;
  }
  // Percent-encode what a browser would (spaces, controls, UTF-8 bytes of
  // Chinese file names) in the path and query only; the host stays as
  // written so libcurl can apply IDN to it.
  for (const CURLUPart part : {CURLUPART_PATH, CURLUPART_QUERY}) {
    const std::optional<std::string> raw = handle.get(part);
    if (!raw) continue;
    const std::string encoded = percent_encode_unsafe(*raw);
    if (encoded != *raw) curl_url_set(handle.raw(), part, encoded.c_str(), 0);
  }
  ParsedHttpUrl parsed;
  parsed.url = handle.get(CURLUPART_URL).value_or(std::string(url));
  parsed.scheme = lower(handle.get(CURLUPART_SCHEME).value_or(""));
  parsed.host = lower(handle.get(CURLUPART_HOST).value_or(""));
  parsed.port = handle.get(CURLUPART_PORT, CURLU_DEFAULT_PORT).value_or("");
  outcome.parsed = std::move(parsed);
  return outcome;
}

}  // namespace hlint::links::detail
