// The floor hlint's link checker is measured against when html-proofer is not
// at hand (bench/links_bench.sh): the least a link checker can do over the
// same URL list. One libcurl multi handle, a fixed number of transfers in
// flight (html-proofer's default of 50), one ranged GET per URL, redirects
// followed by libcurl, no retries, no per-host limit, no Referer probing,
// no classification beyond the status code. A URL that never answers holds
// its slot for the whole timeout, as it does in html-proofer.
//
// Usage: hlint_links_floor --urls FILE [--concurrency 50] [--timeout-ms 5000]
//                          [--resolve host:port:address]...
// FILE: one URL per line, checked in that order. Prints one line of
// key=value numbers: seconds, URLs, requests (transfers started; redirects
// inside one transfer not counted) and the count of each outcome.
#include <curl/curl.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace {

struct Arguments {
  std::string urls_file;
  long concurrency = 50;
  long timeout_ms = 5000;
  std::vector<std::string> resolve;
};

Arguments parse(int argc, char** argv) {
  Arguments args;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view key = argv[i];
    const std::string value = argv[i + 1];
    if (key == "--urls") args.urls_file = value;
    else if (key == "--concurrency") args.concurrency = std::stol(value);
    else if (key == "--timeout-ms") args.timeout_ms = std::stol(value);
    else if (key == "--resolve") args.resolve.push_back(value);
    else {
      std::cerr << "unknown option " << key << "\n";
      std::exit(2);
    }
  }
  if (args.urls_file.empty()) {
    std::cerr << "usage: hlint_links_floor --urls FILE [--concurrency N] [--timeout-ms N] "
                 "[--resolve host:port:address]...\n";
    std::exit(2);
  }
  return args;
}

// Keeps the first KiB, then stops the transfer (as hlint does when a
// server ignores the Range).
size_t on_body(char*, size_t size, size_t count, void* user) {
  auto* received = static_cast<std::size_t*>(user);
  *received += size * count;
  return *received > 1024 ? 0 : size * count;
}

struct Slot {
  CURL* easy = nullptr;
  std::size_t received = 0;
};

}  // namespace

int main(int argc, char** argv) {
  const Arguments args = parse(argc, argv);
  std::vector<std::string> urls;
  {
    std::ifstream in(args.urls_file);
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) urls.push_back(line);
    }
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  curl_slist* resolve = nullptr;
  for (const std::string& entry : args.resolve) resolve = curl_slist_append(resolve, entry.c_str());
  curl_slist* headers = curl_slist_append(nullptr, "Accept: image/*,*/*;q=0.8");

  CURLM* multi = curl_multi_init();
  std::vector<Slot> slots(static_cast<std::size_t>(args.concurrency));
  std::vector<Slot*> free_slots;
  for (Slot& slot : slots) {
    slot.easy = curl_easy_init();
    free_slots.push_back(&slot);
  }

  std::map<std::string, std::size_t> outcomes;
  std::size_t next = 0;
  std::size_t running_count = 0;
  auto start = [&](Slot* slot, const std::string& url) {
    CURL* easy = slot->easy;
    curl_easy_reset(easy);
    slot->received = 0;
    curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
    curl_easy_setopt(easy, CURLOPT_PRIVATE, slot);
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(easy, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(easy, CURLOPT_RANGE, "0-1023");
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, args.timeout_ms);
    curl_easy_setopt(easy, CURLOPT_PROXY, "");
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &on_body);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &slot->received);
    if (resolve != nullptr) curl_easy_setopt(easy, CURLOPT_RESOLVE, resolve);
    curl_multi_add_handle(multi, easy);
    ++running_count;
  };

  const auto began = std::chrono::steady_clock::now();
  while (next < urls.size() || running_count > 0) {
    while (next < urls.size() && !free_slots.empty()) {
      Slot* slot = free_slots.back();
      free_slots.pop_back();
      start(slot, urls[next++]);
    }
    int still_running = 0;
    curl_multi_perform(multi, &still_running);
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
      if (message->msg != CURLMSG_DONE) continue;
      Slot* slot = nullptr;
      curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &slot);
      long status = 0;
      curl_easy_getinfo(message->easy_handle, CURLINFO_RESPONSE_CODE, &status);
      const CURLcode code = message->data.result;
      std::string outcome;
      if (code == CURLE_OPERATION_TIMEDOUT) outcome = "timeout";
      else if (status > 0) outcome = std::to_string(status);
      else outcome = "curl-" + std::to_string(static_cast<int>(code));
      ++outcomes[outcome];
      curl_multi_remove_handle(multi, message->easy_handle);
      --running_count;
      free_slots.push_back(slot);
    }
    if (!free_slots.empty() && next < urls.size()) continue;
    curl_multi_poll(multi, nullptr, 0, 100, nullptr);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();

  std::cout << "seconds=" << seconds << " urls=" << urls.size() << " outcomes=";
  const char* separator = "";
  for (const auto& [name, count] : outcomes) {
    std::cout << separator << name << ':' << count;
    separator = ",";
  }
  std::cout << "\n";
  for (Slot& slot : slots) curl_easy_cleanup(slot.easy);
  curl_multi_cleanup(multi);
  curl_slist_free_all(headers);
  curl_slist_free_all(resolve);
  curl_global_cleanup();
  return 0;
}
