// A report's many small pieces (a finding each) written to its stream a
// block at a time: an ostream insertion per piece costs a sentry each, and
// libstdc++'s filebuf sends any piece of 1 KB or more straight to a system
// call of its own (a SARIF result often is one).
#pragma once

#include <ostream>
#include <string>
#include <string_view>

namespace hlint {

class BlockWriter {
 public:
  explicit BlockWriter(std::ostream& out) : out_(out) { block_.reserve(kBlockBytes); }
  BlockWriter(const BlockWriter&) = delete;
  BlockWriter& operator=(const BlockWriter&) = delete;

  void append(std::string_view bytes) {
    block_.append(bytes);
    if (block_.size() >= kBlockBytes) flush();
  }
  // Writes what is held; call it before writing to the stream directly.
  void flush() {
    if (!block_.empty()) out_.write(block_.data(), static_cast<std::streamsize>(block_.size()));
    block_.clear();
  }

 private:
  static constexpr std::size_t kBlockBytes = 128 * 1024;
  std::ostream& out_;
  std::string block_;
};

}  // namespace hlint
