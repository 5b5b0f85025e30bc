#include "report/block_writer.hpp"

#include <ext/stdio_filebuf.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace hlint {

BlockWriter::BlockWriter(std::ostream& out) : out_(out) {
  block_.reserve(kBlockBytes);
  if (auto* file = dynamic_cast<__gnu_cxx::stdio_filebuf<char>*>(out.rdbuf()); file && out) {
    // What the stream holds goes first; from here on the writer writes to
    // the descriptor itself until it is flushed for the last time.
    out.flush();
    if (out && file->fd() >= 0) fd_ = file->fd();
  }
}

void BlockWriter::add_piece(const char* data, std::size_t size) {
  // Copied bytes right after the last piece's extend it.
  if (!pieces_.empty()) {
    iovec& last = pieces_.back();
    if (static_cast<const char*>(last.iov_base) + last.iov_len == data) {
      last.iov_len += size;
      return;
    }
  }
  if (pieces_.size() + 1 >= kMaxPieces) {
    // Full: write what is held (the new bytes are not in the block yet).
    flush();
    data = block_.data();
  }
  pieces_.push_back({const_cast<char*>(data), size});
}

void BlockWriter::write_pieces() {
  // Whatever was written to the stream directly since goes first.
  if (!pieces_.empty()) out_.flush();
  std::size_t first = 0;
  while (first < pieces_.size() && out_) {
    const int count = static_cast<int>(std::min<std::size_t>(pieces_.size() - first, kMaxPieces));
    const ssize_t written = ::writev(fd_, pieces_.data() + first, count);
    if (written < 0) {
      if (errno == EINTR) continue;
      out_.setstate(std::ios::badbit);  // errno says why (ReportFile::commit reports it)
      break;
    }
    // Past the pieces written whole; the rest of a piece cut short is written next.
    auto left = static_cast<std::size_t>(written);
    while (first < pieces_.size() && left >= pieces_[first].iov_len) left -= pieces_[first++].iov_len;
    if (left > 0) {
      pieces_[first].iov_base = static_cast<char*>(pieces_[first].iov_base) + left;
      pieces_[first].iov_len -= left;
    }
  }
  pieces_.clear();
}

void BlockWriter::flush() {
  if (fd_ >= 0) {
    write_pieces();
  } else if (!block_.empty()) {
    out_.write(block_.data(), static_cast<std::streamsize>(block_.size()));
  }
  block_.clear();
}

void BlockWriter::write_now(std::string_view bytes) {
  // Longer than a block: written at once (after what is held, which append() flushed).
  if (fd_ < 0) {
    out_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return;
  }
  pieces_.push_back({const_cast<char*>(bytes.data()), bytes.size()});
  write_pieces();
}

}  // namespace hlint
