// Pure decision functions of the link checker, kept apart from the libcurl
// plumbing so they can be unit-tested without a network.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "links/link_checker.hpp"

namespace hlint::links::detail {

struct BodyVerdict {
  LinkStatus status;
  std::string detail;
};

// Verdict for a 2xx response. `first_bytes` is at most the first KiB;
// `body_fetched` is false for HEAD requests (then only the Content-Type and
// Content-Length, -1 when unknown, are available).
BodyVerdict classify_body(std::string_view content_type, std::string_view first_bytes,
                          bool body_fetched, long long content_length);

// Retry-After is either delta-seconds or an HTTP date. nullopt when absent
// or unparseable.
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                           std::time_t now);

// Exponential backoff: base * 2^(retry-1) scaled by (1 + jitter/2), with
// `jitter` in [0, 1). `retry` counts from 1.
std::chrono::milliseconds backoff_delay(int retry, std::chrono::milliseconds base,
                                        double jitter);

// Transient, network-level outcomes get the short cache TTL.
bool is_transient(LinkStatus status);

// Outcomes that depend on this run's settings or environment rather than on
// the URL (and so are never cached).
bool is_cacheable(LinkStatus status);

std::chrono::seconds ttl_for(LinkStatus status, const CacheTtl& ttl);

// Transfer errors libcurl decides on this machine before any name lookup or
// connection (a URL it cannot use, a feature it lacks, our own setup): they
// say nothing about the network.
bool fails_before_network(CURLcode code);

// What one URL's network attempt looked like, for outage detection.
struct NetworkAttempt {
  std::string host;
  LinkStatus status = LinkStatus::other;
  bool got_response = false;    // any HTTP response at all
  bool os_unreachable = false;  // the OS said ENETUNREACH
  // Settled without touching the network: libcurl refused the URL, or the
  // peer address was refused before a socket was opened.
  bool decided_locally = false;
};

// "The network itself is down": nobody answered and every attempt that used
// the network failed at name lookup (on at least two different hosts, so one
// dead domain is not mistaken for an outage) or with ENETUNREACH. Attempts
// decided locally are neutral: they neither prove nor disprove an outage.
bool is_network_outage(const std::vector<NetworkAttempt>& attempts);

}  // namespace hlint::links::detail
