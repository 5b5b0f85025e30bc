#include "report/progress.hpp"

#include <fmt/format.h>

namespace hlint {

ProgressLine::ProgressLine(std::ostream& out) : out_(out), start_(std::chrono::steady_clock::now()) {
  thread_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mutex_);
    // Nothing for the first half second: short runs stay quiet.
    if (wake_.wait_for(lock, std::chrono::milliseconds(500), [this] { return stopping_; })) return;
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
