#include "report/progress.hpp"

#include <fmt/format.h>

#include <cstdlib>

namespace hlint {

namespace {

// Nothing for the first half second: short runs stay quiet.
// HLINT_PROGRESS_AFTER_MS changes the wait (the tests set 0).
std::chrono::milliseconds quiet_start() {
  const char* value = std::getenv("HLINT_PROGRESS_AFTER_MS");
  if (!value || !*value) return std::chrono::milliseconds(500);
  return std::chrono::milliseconds(std::strtoul(value, nullptr, 10));
}

}  // namespace

ProgressLine::ProgressLine(std::ostream& out) : out_(out), start_(std::chrono::steady_clock::now()) {
  thread_ = std::thread([this, quiet = quiet_start()] {
    std::unique_lock<std::mutex> lock(mutex_);
    if (wake_.wait_for(lock, quiet, [this] { return stopping_; })) return;
    while (!stopping_) {
      draw();
      wake_.wait_for(lock, std::chrono::milliseconds(200), [this] { return stopping_; });
    }
  });
}

ProgressLine::~ProgressLine() { stop(); }

void ProgressLine::draw() {
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const std::size_t files = files_.load(std::memory_order_relaxed);
  const std::size_t findings = findings_.load(std::memory_order_relaxed);
  out_ << fmt::format("\r\x1b[2Khlint: {} file{} linted, {} finding{}, {:.0f} files/s", files, files == 1 ? "" : "s",
                      findings, findings == 1 ? "" : "s", seconds > 0 ? files / seconds : 0.0)
       << std::flush;
  drawn_ = true;
}

void ProgressLine::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (drawn_) out_ << "\r\x1b[2K" << std::flush;
}

}  // namespace hlint
