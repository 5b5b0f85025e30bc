#include "core/scratch_file.hpp"

#include <fmt/format.h>

#include <sys/types.h>

#include <cerrno>
#include <stdexcept>
#include <system_error>
#include <utility>

namespace hlint {

ScratchFile::~ScratchFile() {
  if (file_) std::fclose(file_);
}

ScratchFile::ScratchFile(ScratchFile&& other) noexcept
    : what_(std::move(other.what_)),
      file_(std::exchange(other.file_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      at_end_(other.at_end_) {}

ScratchFile& ScratchFile::operator=(ScratchFile&& other) noexcept {
  if (this != &other) {
    if (file_) std::fclose(file_);
    what_ = std::move(other.what_);
    file_ = std::exchange(other.file_, nullptr);
    size_ = std::exchange(other.size_, 0);
    at_end_ = other.at_end_;
  }
  return *this;
}

bool ScratchFile::create() {
  if (!file_) {
    file_ = std::tmpfile();
    at_end_ = true;
  }
  return file_ != nullptr;
}

void ScratchFile::fail(const char* doing) const {
  const int error = errno;
  throw std::runtime_error(fmt::format("cannot {} the temporary file of {}{}", doing, what_,
                                       error ? ": " + std::generic_category().message(error) : std::string()));
}

std::uint64_t ScratchFile::append(std::string_view bytes) {
  errno = 0;
  if (!create()) fail("create");
  errno = 0;
  if (!at_end_ && std::fseek(file_, 0, SEEK_END) != 0) fail("write");
  at_end_ = true;
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) fail("write");
  const std::uint64_t at = size_;
  size_ += bytes.size();
  return at;
}

void ScratchFile::read(std::uint64_t offset, char* into, std::size_t size) const {
  if (size == 0) return;
  if (!file_ || offset > size_ || size > size_ - offset) throw std::logic_error("ScratchFile::read past the end");
  errno = 0;
  // Seeking flushes what append() left in the stream's buffer.
  at_end_ = false;
  // fseeko takes an off_t (64 bits on 64-bit systems) where fseek takes a
  // long (32 bits on some platforms): a scratch file may pass 2 GB.
  if (fseeko(file_, static_cast<off_t>(offset), SEEK_SET) != 0) fail("seek in");
  if (std::fread(into, 1, size, file_) != size) fail("read");
}

}  // namespace hlint
