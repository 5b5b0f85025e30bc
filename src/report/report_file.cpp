#include "report/report_file.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace hlint {

namespace {

std::string errno_text(int error) { return std::generic_category().message(error); }

}  // namespace

ReportFile::ReportFile(std::string path) : path_(std::move(path)) {
  constexpr std::size_t kBufferBytes = 256 * 1024;
  buffer_ = std::make_unique<char[]>(kBufferBytes);
  out_.rdbuf()->pubsetbuf(buffer_.get(), kBufferBytes);  // before open, as libstdc++ requires
}

ReportFile::~ReportFile() {
  if (!temporary_.empty() && !committed_) {
    out_.close();
    ::unlink(temporary_.c_str());
  }
}

bool ReportFile::open(std::string& error) {
  // A symbolic link keeps pointing at the report: the file it names is the one replaced.
  std::error_code ec;
  const std::filesystem::path target = std::filesystem::weakly_canonical(path_, ec);
  if (!ec) path_ = target.string();
  struct stat info {};
  const bool exists = ::stat(path_.c_str(), &info) == 0;
  if (exists && !S_ISREG(info.st_mode)) {
    out_.open(path_, std::ios::binary);
    if (!out_) {
      error = fmt::format("cannot write {}: {}", path_, errno_text(errno));
      return false;
    }
    return true;
  }
  std::filesystem::path directory = std::filesystem::path(path_).parent_path();
  if (directory.empty()) directory = ".";
  std::string name = (directory / ("." + std::filesystem::path(path_).filename().string() + ".hlint-XXXXXX")).string();
  const int fd = ::mkstemp(name.data());
  if (fd < 0) {
    error = fmt::format("cannot write {}: cannot create a temporary file in {}: {}", path_, directory.string(),
                        errno_text(errno));
    return false;
  }
  // mkstemp makes the file private; a report gets the mode a new file would
  // (an existing report keeps its own).
  mode_t mode = 0;
  if (exists) {
    mode = info.st_mode & 07777;
  } else {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
  }
  ::fchmod(fd, mode);
  ::close(fd);
  temporary_ = name;
  out_.open(temporary_, std::ios::binary | std::ios::trunc);
  if (!out_) {
    error = fmt::format("cannot write {}: {}", temporary_, errno_text(errno));
    return false;
  }
  return true;
}

bool ReportFile::commit(std::string& error) {
  errno = 0;
  out_.flush();
  const bool written = static_cast<bool>(out_);
  const int write_errno = errno;
  out_.close();
  if (!written || out_.fail()) {
    const int why = write_errno ? write_errno : errno;
    error = fmt::format("cannot write {}{}{}", path_, why ? ": " : "", why ? errno_text(why) : "");
    if (!temporary_.empty()) error += " (the previous file, if any, is left as it was)";
    return false;
  }
  if (temporary_.empty()) {
    committed_ = true;
    return true;
  }
  if (std::rename(temporary_.c_str(), path_.c_str()) != 0) {
    error = fmt::format("cannot replace {}: {}", path_, errno_text(errno));
    return false;
  }
  committed_ = true;
  return true;
}

}  // namespace hlint
