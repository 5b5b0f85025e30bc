// A real HTTP server on 127.0.0.1 (random port) that misbehaves in all the
// ways image hosts do, and counts what it was asked.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace hlint::links::testing {

inline std::string png_bytes(std::size_t size) {
  std::string bytes = "\x89PNG\r\n\x1A\n";
  bytes += std::string("\0\0\0\rIHDR", 8);
  bytes.resize(size, 'p');
  return bytes;
}

inline const std::string kHtmlPage =
    "<!DOCTYPE html><html><head><title>404</title></head><body>not here</body></html>";

class TestServer {
 public:
  TestServer() {
    // Enough workers for keep-alive connections plus deliberately slow
    // handlers; httplib's default pool is small.
    server_.new_task_queue = [] { return new httplib::ThreadPool(32); };
    server_.set_keep_alive_timeout(2);
    server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response&) {
      std::lock_guard<std::mutex> lock(mutex_);
      Counts& counts = counts_[req.path];
      ++counts.hits;
      if (req.has_header("Range")) ++counts.ranged;
      if (req.has_header("If-None-Match") || req.has_header("If-Modified-Since")) {
        ++counts.conditional;
      }
      if (req.method == "HEAD") ++counts.head;
      if (counts.hits == 1) counts.first_hit = std::chrono::steady_clock::now();
      if (req.has_header("Referer")) ++counts.with_referer;
      return httplib::Server::HandlerResponse::Unhandled;
    });
    add_routes();
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }

  ~TestServer() {
    stopping_ = true;  // ends the handlers that never answer
    server_.stop();
    thread_.join();
  }

  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  int port() const { return port_; }
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(port_) + "/"; }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

  int hits(const std::string& path) const { return counts(path).hits; }
  int ranged(const std::string& path) const { return counts(path).ranged; }
  int conditional(const std::string& path) const { return counts(path).conditional; }
  int head_requests(const std::string& path) const { return counts(path).head; }
  // Most /paced/ and /busy/ requests the server had in flight at once.
  int max_in_flight() const { return max_in_flight_; }
  // For each /busy/ request in arrival order: how many were in flight then.
  std::vector<int> busy_starts() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return busy_starts_;
  }
  // When `path` was first asked for (the epoch if never).
  std::chrono::steady_clock::time_point first_hit(const std::string& path) const {
    return counts(path).first_hit;
  }
  int total_hits() const {
    std::lock_guard<std::mutex> lock(mutex_);
    int total = 0;
    for (const auto& [path, c] : counts_) total += c.hits;
    return total;
  }

 private:
  struct Counts {
    int hits = 0;
    int ranged = 0;
    int conditional = 0;
    int head = 0;
    int with_referer = 0;
    std::chrono::steady_clock::time_point first_hit{};
  };

  Counts counts(const std::string& path) const {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = counts_.find(path);
    return it == counts_.end() ? Counts{} : it->second;
  }

  static void send_png(httplib::Response& res) { res.set_content(png_bytes(2048), "image/png"); }

  // Streams `total` bytes of a PNG-looking body while ignoring any Range
  // header (httplib applies ranges only to non-chunked content).
  static void stream_png_ignoring_range(httplib::Response& res, std::size_t total) {
    res.status = 200;
    res.set_chunked_content_provider("image/png", [total](std::size_t offset,
                                                          httplib::DataSink& sink) {
      if (offset >= total) {
        sink.done();
        return true;
      }
      const std::string chunk = offset == 0 ? png_bytes(16384) : std::string(16384, 'x');
      return sink.write(chunk.data(), chunk.size());
    });
  }

  void add_routes() {
    using Req = httplib::Request;
    using Res = httplib::Response;
    server_.Get("/ok.png", [](const Req&, Res& res) { send_png(res); });
    server_.Get("/target.png", [](const Req&, Res& res) { send_png(res); });
    server_.Get("/missing.png", [](const Req&, Res& res) { res.status = 404; });
    server_.Get("/gone.png", [](const Req&, Res& res) { res.status = 410; });
    server_.Get("/hotlink.png", [this](const Req& req, Res& res) {
      if (req.get_header_value("Referer") == origin()) return send_png(res);
      res.status = 403;
    });
    server_.Get("/article-only.png", [](const Req& req, Res& res) {
      if (req.get_header_value("Referer") == "https://article.example/post/1") {
        return send_png(res);
      }
      res.status = 403;
    });
    server_.Get("/forbidden.png", [](const Req&, Res& res) { res.status = 403; });
    server_.Get("/flaky.png", [this](const Req&, Res& res) {
      if (hits("/flaky.png") == 1) {
        res.status = 500;
        return;
      }
      send_png(res);
    });
    server_.Get("/broken.png", [](const Req&, Res& res) { res.status = 503; });
    server_.Get("/norange.png",
                [](const Req&, Res& res) { stream_png_ignoring_range(res, 4u << 20); });
    server_.Get("/huge.png",
                [](const Req&, Res& res) { stream_png_ignoring_range(res, std::size_t{1} << 34); });
    server_.Get("/redirect/1", [](const Req&, Res& res) { res.set_redirect("/redirect/2", 301); });
    server_.Get("/redirect/2", [](const Req&, Res& res) { res.set_redirect("/target.png", 302); });
    server_.Get("/loop/a", [](const Req&, Res& res) { res.set_redirect("/loop/b", 302); });
    server_.Get("/loop/b", [](const Req&, Res& res) { res.set_redirect("/loop/a", 302); });
    server_.Get(R"(/chain/(\d+))", [](const Req& req, Res& res) {
      const int next = std::stoi(req.matches[1]) + 1;
      res.set_redirect("/chain/" + std::to_string(next), 302);
    });
    server_.Get("/to-file", [](const Req&, Res& res) {
      res.set_redirect("file:///etc/passwd", 302);
    });
    server_.Get("/slow.png", [](const Req&, Res& res) {
      // Well past the tests' 750 ms timeout, even on a loaded CI machine.
      std::this_thread::sleep_for(std::chrono::milliseconds(2500));
      send_png(res);
    });
    server_.Get(R"(/hang/.*)", [this](const Req&, Res& res) {
      // Never answers while the test runs (it gives up when the server stops).
      while (!stopping_) std::this_thread::sleep_for(std::chrono::milliseconds(20));
      res.status = 503;
    });
    server_.Get(R"(/fast/.*)", [](const Req&, Res& res) { send_png(res); });
    server_.Get(R"(/paced/.*)", [this](const Req&, Res& res) {
      // 30 ms per answer, counting how many are in flight at once.
      const int now = ++in_flight_;
      for (int seen = max_in_flight_; now > seen && !max_in_flight_.compare_exchange_weak(seen, now);) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(30));
      --in_flight_;
      send_png(res);
    });
    server_.Get(R"(/busy/.*)", [this](const Req&, Res& res) {
      // Like /paced/, but every answer is 429 (no Retry-After).
      const int now = ++in_flight_;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        busy_starts_.push_back(now);
      }
      for (int seen = max_in_flight_; now > seen && !max_in_flight_.compare_exchange_weak(seen, now);) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(30));
      --in_flight_;
      res.status = 429;
    });
    server_.Get("/page.png", [](const Req&, Res& res) { res.set_content(kHtmlPage, "text/html"); });
    server_.Get("/fake.png", [](const Req&, Res& res) { res.set_content(kHtmlPage, "image/png"); });
    server_.Get("/limited.png", [](const Req&, Res& res) {
      res.status = 429;
      res.set_header("Retry-After", "1");
    });
    server_.Get("/limited-once.png", [this](const Req&, Res& res) {
      if (hits("/limited-once.png") == 1) {
        res.status = 429;
        res.set_header("Retry-After", "1");
        return;
      }
      send_png(res);
    });
    server_.Get("/etag.png", [](const Req& req, Res& res) {
      res.set_header("ETag", "\"v1\"");
      if (req.get_header_value("If-None-Match") == "\"v1\"") {
        res.status = 304;
        return;
      }
      send_png(res);
    });
    server_.Get("/empty.png", [](const Req&, Res& res) { res.set_content("", "image/png"); });
    server_.Get("/logo.svg", [](const Req&, Res& res) {
      res.set_content("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
                      "image/svg+xml");
    });
    server_.Get("/logo-as-xml.svg", [](const Req&, Res& res) {
      res.set_content("<svg xmlns=\"http://www.w3.org/2000/svg\"/>", "text/xml");
    });
    server_.Get("/anim.gif", [](const Req&, Res& res) {
      res.set_content(std::string("GIF89a") + std::string(100, '\0'), "image/gif");
    });
    server_.Get("/photo.webp", [](const Req&, Res& res) {
      res.set_content(std::string("RIFF\x10\0\0\0WEBPVP8 ", 16) + std::string(100, '\0'),
                      "image/webp");
    });
    server_.Get("/needs-token.png", [](const Req& req, Res& res) {
      if (req.get_header_value("X-Token") == "abc") return send_png(res);
      res.status = 401;
    });
    server_.Get("/中文 图片.png", [](const Req&, Res& res) { send_png(res); });
    server_.Get("/agent.png", [](const Req& req, Res& res) {
      res.set_content(req.get_header_value("User-Agent"), "text/plain");
    });
  }

  httplib::Server server_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> in_flight_{0};
  std::atomic<int> max_in_flight_{0};
  std::vector<int> busy_starts_;  // requests in flight as each /busy/ one started
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mutex_;
  std::map<std::string, Counts> counts_;
};

}  // namespace hlint::links::testing
