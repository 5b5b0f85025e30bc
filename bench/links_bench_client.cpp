// Benchmark driver for hlint_links: N unique image URLs referenced M times,
// spread over H host names that all resolve (via CURLOPT_RESOLVE overrides)
// to the local benchmark server - to 127.0.0.1, or with --aliases to the
// loopback aliases 127.0.0.1..127.0.0.H, one per host. Prints one line of
// key=value numbers; with --mix (the server's failure mix, see
// links_bench_server.py) also the count of each class and how many URLs got
// another class than the server's behaviour implies.
#include <algorithm>
#include <chrono>
#include <map>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "links/link_checker.hpp"

namespace {

struct Arguments {
  int port = 0;
  std::size_t unique = 10000;
  std::size_t references = 50000;
  std::size_t hosts = 16;
  std::size_t concurrency = 64;
  std::size_t per_host = 6;
  std::string cache;
  bool mix = false;
  bool aliases = false;
  long timeout_ms = 0;  // 0: the library default
  std::size_t per_host_max = 0;  // 0: the library default
  long url_budget_ms = -1;       // -1: the library default
  long stall_after_ms = -1;      // -1: the library default
  // Write the references (URL, tab, fallback Referer; in the order they are
  // checked) to this file and exit: the list html-proofer and the floor get.
  std::string dump;
};

// The class each /img/<n>.png must get from the --mix server (its MIX table).
hlint::links::LinkStatus expected_status(std::size_t number) {
  using hlint::links::LinkStatus;
  const std::size_t n = number % 1000;
  if (n < 20) return LinkStatus::not_found;
  if (n < 25) return LinkStatus::forbidden;
  if (n < 30) return LinkStatus::hotlink_protected;
  if (n < 35) return LinkStatus::server_error;
  if (n < 45) return LinkStatus::ok;  // redirected to an image
  if (n < 50) return LinkStatus::not_an_image;
  if (n < 58) return LinkStatus::ok;  // slow, or a 429 with Retry-After: 1 once
  if (n < 59) return LinkStatus::timeout;
  return LinkStatus::ok;
}

Arguments parse(int argc, char** argv) {
  Arguments args;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view key = argv[i];
    const std::string value = argv[i + 1];
    if (key == "--port") args.port = std::stoi(value);
    else if (key == "--unique") args.unique = std::stoul(value);
    else if (key == "--references") args.references = std::stoul(value);
    else if (key == "--hosts") args.hosts = std::stoul(value);
    else if (key == "--concurrency") args.concurrency = std::stoul(value);
    else if (key == "--per-host") args.per_host = std::stoul(value);
    else if (key == "--cache") args.cache = value;
    else if (key == "--mix") args.mix = value == "1";
    else if (key == "--aliases") args.aliases = value == "1";
    else if (key == "--timeout-ms") args.timeout_ms = std::stol(value);
    else if (key == "--per-host-max") args.per_host_max = std::stoul(value);
    else if (key == "--dump") args.dump = value;
    else if (key == "--url-budget-ms") args.url_budget_ms = std::stol(value);
    else if (key == "--stall-after-ms") args.stall_after_ms = std::stol(value);
    else {
      std::cerr << "unknown option " << key << "\n";
      std::exit(2);
    }
  }
  if (args.port == 0) {
    std::cerr << "usage: hlint_links_bench --port N [--unique N] [--references N] [--hosts N]"
                 " [--concurrency N] [--per-host N] [--cache DIR] [--mix 0|1] [--aliases 0|1]"
                 " [--timeout-ms N] [--per-host-max N] [--url-budget-ms N] [--stall-after-ms N] [--dump FILE]\n";
    std::exit(2);
  }
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  const Arguments args = parse(argc, argv);

  hlint::links::LinkCheckOptions options;
  options.allow_private = true;  // the server is on loopback
  options.concurrency = args.concurrency;
  options.max_host_connections = args.per_host;
  options.cache_path = args.cache;
  options.no_cache = args.cache.empty();
  if (args.timeout_ms > 0) options.timeout = std::chrono::milliseconds(args.timeout_ms);
  if (args.per_host_max > 0) options.max_host_connections_ceiling = args.per_host_max;
  if (args.url_budget_ms >= 0) options.url_budget = std::chrono::milliseconds(args.url_budget_ms);
  if (args.stall_after_ms >= 0) options.stall_after = std::chrono::milliseconds(args.stall_after_ms);
  for (std::size_t h = 0; h < args.hosts; ++h) {
    options.resolve_overrides.push_back(
        fmt::format("img{}.bench.test:{}:127.0.0.{}", h, args.port, args.aliases ? h + 1 : 1));
  }

  // Every unique URL is referenced references/unique times, shuffled the
  // way articles interleave them, each with some article as fallback Referer.
  std::vector<hlint::links::LinkRequest> requests;
  requests.reserve(args.references);
  for (std::size_t r = 0; r < args.references; ++r) {
    const std::size_t image = r % args.unique;
    requests.push_back({fmt::format("http://img{}.bench.test:{}/img/{}.png", image % args.hosts,
                                    args.port, image),
                        fmt::format("https://article.example/post/{}", r % 997)});
  }
  std::shuffle(requests.begin(), requests.end(), std::mt19937(42));
  if (!args.dump.empty()) {
    std::ofstream out(args.dump);
    for (const auto& request : requests) out << request.url << '\t' << request.fallback_referer << '\n';
    return out ? 0 : 1;
  }

  hlint::links::LinkChecker checker(options);
  const auto started = std::chrono::steady_clock::now();
  const auto results = checker.check(requests);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::size_t ok = 0;
  std::size_t unexpected = 0;
  std::map<std::string, std::size_t> classes;
  for (const auto& [url, result] : results) {
    if (result.status == hlint::links::LinkStatus::ok) ++ok;
    ++classes[std::string(to_string(result.status))];
    const std::size_t slash = url.rfind('/');
    const std::size_t number = std::stoul(url.substr(slash + 1));
    if (args.mix && result.status != expected_status(number)) {
      if (unexpected < 5) {
        std::cerr << url << ": " << to_string(result.status) << " (expected "
                  << to_string(expected_status(number)) << "): " << result.detail << "\n";
      }
      ++unexpected;
    }
  }
  const auto& stats = checker.stats();
  fmt::print("seconds={:.3f} unique={} ok={} requests_sent={} cache_hits={} retries={} "
             "warnings={} unexpected={} stalled={} peak_host_limit={} limit_cuts={} classes=",
             seconds, results.size(), ok, stats.requests_sent, stats.cache_hits, stats.retries,
             checker.warnings().size(), unexpected, stats.stalled_requests, stats.peak_host_limit,
             stats.host_limit_cuts);
  const char* separator = "";
  for (const auto& [name, count] : classes) {
    fmt::print("{}{}:{}", separator, name, count);
    separator = ",";
  }
  fmt::print("\n");
  if (args.mix) return unexpected == 0 ? 0 : 1;
  return ok == results.size() ? 0 : 1;
}
