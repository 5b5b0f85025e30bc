// Small RAII helpers around libcurl's C API (internal to hlint_links).
#pragma once

#include <curl/curl.h>
#include <locale.h>

#include <optional>
#include <string>
#include <string_view>

namespace hlint::links::detail {

// curl_global_init is not thread-safe and must run once per process; a
// function-local static gives exactly that without mutable global state.
void ensure_curl_global_init();

// Owning wrapper of a CURLU handle (libcurl's URL parser).
class CurlUrl {
 public:
  CurlUrl();
  ~CurlUrl();
  CurlUrl(const CurlUrl&) = delete;
  CurlUrl& operator=(const CurlUrl&) = delete;

  // Sets (or, when a URL is already set, resolves relative to it) the URL.
  CURLUcode set_url(std::string_view url, unsigned int flags);
  // nullopt when the part is absent (CURLUE_NO_HOST, CURLUE_NO_PORT, ...).
  std::optional<std::string> get(CURLUPart part, unsigned int flags = 0) const;
  CURLU* raw() { return handle_; }

 private:
  CURLU* handle_;
};

// libcurl (7.x with libidn2) converts an internationalised host name such as
// "图片.example.cn" with idn2_lookup_ul, which reads it in the calling
// thread's locale charset. hlint never calls setlocale, so that charset is
// ASCII and libcurl refused every URL with a non-ASCII host as malformed
// (CURLE_URL_MALFORMAT) before any lookup. Our URLs are UTF-8: while this
// guard lives, the calling thread alone reads characters as UTF-8 (the
// process locale and other threads are untouched). Without a UTF-8 locale
// on the system it does nothing.
class ScopedUtf8Ctype {
 public:
  ScopedUtf8Ctype();
  ~ScopedUtf8Ctype();
  ScopedUtf8Ctype(const ScopedUtf8Ctype&) = delete;
  ScopedUtf8Ctype& operator=(const ScopedUtf8Ctype&) = delete;

 private:
  locale_t utf8_ = nullptr;
  locale_t previous_ = nullptr;
};

struct ParsedHttpUrl {
  std::string url;       // normalised by CURLU
  std::string scheme;    // lower case
  std::string host;      // lower case
  std::string port;      // always present (default port filled in)
  std::string origin() const;    // "scheme://host[:port]/" (port omitted when default)
  std::string host_key() const;  // "scheme://host:port" for per-host accounting
};

// Parses an absolute URL with CURLU, the way a browser would fetch it:
// surrounding blanks trimmed, spaces and non-ASCII bytes in path and query
// percent-encoded. The error is libcurl's message.
struct ParseOutcome {
  std::optional<ParsedHttpUrl> parsed;
  std::string error;
};
ParseOutcome parse_absolute_url(std::string_view url);

}  // namespace hlint::links::detail
