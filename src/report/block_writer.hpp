// A report's many small pieces (a finding each) written to its stream a
// block at a time: an ostream insertion per piece costs a sentry each, and
// libstdc++'s filebuf sends any piece of 1 KB or more straight to a system
// call of its own (a SARIF result often is one).
//
// When the stream writes to a file descriptor (a ReportFile), pieces that
// stay valid until the next flush() (append_lasting(): a finding's text in
// the finding spool's mapped window) are not copied at all: one writev()
// gathers them with the copied ones. Writing to /dev/null then reads none
// of their bytes, and a file gets them with the kernel's one copy.
#pragma once

#include <sys/uio.h>

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace hlint {

class BlockWriter {
 public:
  explicit BlockWriter(std::ostream& out);
  BlockWriter(const BlockWriter&) = delete;
  BlockWriter& operator=(const BlockWriter&) = delete;

  // Copies the bytes.
  void append(std::string_view bytes) {
    if (block_.size() + bytes.size() > kBlockBytes) flush();
    if (bytes.size() > kBlockBytes) return write_now(bytes);
    if (fd_ >= 0) add_piece(block_.data() + block_.size(), bytes.size());
    block_.append(bytes);
  }
  // Bytes that stay valid until the next flush(): written in place where the
  // stream has a file descriptor, else copied.
  void append_lasting(std::string_view bytes) {
    if (fd_ < 0 || bytes.size() < kCopyBelow) return append(bytes);
    if (pieces_.size() + 1 >= kMaxPieces) flush();
    pieces_.push_back({const_cast<char*>(bytes.data()), bytes.size()});
  }
  // Writes what is held; call it before the lasting bytes go, and before
  // writing to the stream directly (what is written there goes out first).
  void flush();

 private:
  static constexpr std::size_t kBlockBytes = 64 * 1024;
  static constexpr std::size_t kCopyBelow = 64;  // shorter lasting pieces are copied (an iovec costs more)
  static constexpr std::size_t kMaxPieces = 1024;  // IOV_MAX on Linux
  void add_piece(const char* data, std::size_t size);
  void write_now(std::string_view bytes);
  void write_pieces();

  std::ostream& out_;
  int fd_ = -1;  // the stream's file descriptor, when it has one
  std::string block_;  // copied bytes (reserved once: pieces point into it)
  std::vector<iovec> pieces_;  // with a descriptor: what flush() writes, in order
};

}  // namespace hlint
