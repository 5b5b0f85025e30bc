#include "core/scratch_file.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <unistd.h>

#include <cstdlib>

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
      buffer_(std::move(other.buffer_)),
      file_(std::exchange(other.file_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      at_end_(other.at_end_) {}

ScratchFile& ScratchFile::operator=(ScratchFile&& other) noexcept {
  if (this != &other) {
    if (file_) std::fclose(file_);
    what_ = std::move(other.what_);
    buffer_ = std::move(other.buffer_);
    file_ = std::exchange(other.file_, nullptr);
    size_ = std::exchange(other.size_, 0);
    at_end_ = other.at_end_;
  }
  return *this;
}

std::string temporary_directory() {
  const char* tmpdir = std::getenv("TMPDIR");
  return tmpdir && *tmpdir ? std::string(tmpdir) : std::string("/tmp");
}

namespace {

// std::tmpfile() ignores TMPDIR (issue 18): an unnamed file in the
// directory, or a named one unlinked at once where O_TMPFILE is refused.
std::FILE* open_temporary(const std::string& directory) {
  int fd = ::open(directory.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0) {
    std::string name = directory + "/hlint-XXXXXX";
    fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd >= 0) ::unlink(name.c_str());
  }
  if (fd < 0) return nullptr;
  std::FILE* file = ::fdopen(fd, "w+b");
  if (!file) {
    ::close(fd);
    return nullptr;
  }
  return file;
}

}  // namespace

bool ScratchFile::create() {
  if (!file_) {
    file_ = open_temporary(temporary_directory());
    at_end_ = true;
    // Findings arrive a document at a time, a few KB each: stdio's default
    // buffer (one 4 KB block) made a write system call for every other document.
    constexpr std::size_t kBufferBytes = 128 * 1024;
    if (file_) {
      buffer_ = std::make_unique<char[]>(kBufferBytes);
      std::setvbuf(file_, buffer_.get(), _IOFBF, kBufferBytes);
    }
  }
  return file_ != nullptr;
}

void ScratchFile::fail(const char* doing) const {
  const int error = errno;
  throw ScratchFileError(fmt::format("cannot {} the temporary file of {} in {}{}", doing, what_,
                                     temporary_directory(),
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

ScratchFile::Mapping::Mapping(Mapping&& other) noexcept
    : base_(std::exchange(other.base_, nullptr)),
      length_(std::exchange(other.length_, 0)),
      bytes_(std::exchange(other.bytes_, {})) {}

ScratchFile::Mapping& ScratchFile::Mapping::operator=(Mapping&& other) noexcept {
  if (this != &other) {
    if (base_) ::munmap(base_, length_);
    base_ = std::exchange(other.base_, nullptr);
    length_ = std::exchange(other.length_, 0);
    bytes_ = std::exchange(other.bytes_, {});
  }
  return *this;
}

ScratchFile::Mapping::~Mapping() {
  if (base_) ::munmap(base_, length_);
}

bool ScratchFile::map(std::uint64_t offset, std::size_t size, Mapping& mapping) const {
  mapping = Mapping();
  if (size == 0) return true;
  if (!file_ || offset > size_ || size > size_ - offset) throw std::logic_error("ScratchFile::map past the end");
  // What append() left in stdio's buffer goes to the file first.
  errno = 0;
  if (std::fflush(file_) != 0) fail("write");
  static const std::uint64_t page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
  const std::uint64_t start = offset / page * page;
  const std::size_t length = static_cast<std::size_t>(offset - start) + size;
  // MAP_POPULATE: the window's pages are entered at once, not one fault per
  // few pages as they are first read.
  void* base = ::mmap(nullptr, length, PROT_READ, MAP_SHARED | MAP_POPULATE, ::fileno(file_),
                      static_cast<off_t>(start));
  if (base == MAP_FAILED) return false;
  mapping.base_ = base;
  mapping.length_ = length;
  mapping.bytes_ = std::string_view(static_cast<const char*>(base) + (offset - start), size);
  return true;
}

}  // namespace hlint
