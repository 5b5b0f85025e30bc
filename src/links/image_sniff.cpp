#include "links/image_sniff.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>

namespace hlint::links {

std::string_view to_string(ImageFormat format) {
  switch (format) {
    case ImageFormat::png: return "png";
    case ImageFormat::jpeg: return "jpeg";
    case ImageFormat::gif: return "gif";
    case ImageFormat::webp: return "webp";
    case ImageFormat::avif: return "avif";
    case ImageFormat::bmp: return "bmp";
    case ImageFormat::ico: return "ico";
    case ImageFormat::svg: return "svg";
    case ImageFormat::unknown: break;
  }
  return "unknown";
}

namespace {

constexpr std::size_t kSniffWindow = 1024;

bool starts_with_icase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  return std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) ==
           std::tolower(static_cast<unsigned char>(b));
  });
}

bool contains_icase(std::string_view text, std::string_view needle) {
  if (needle.size() > text.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= text.size(); ++i) {
    if (starts_with_icase(text.substr(i), needle)) return true;
  }
  return false;
}

// Skips a UTF-8 BOM and leading whitespace, which text formats may carry.
std::string_view trim_text_start(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  while (!bytes.empty() && std::isspace(static_cast<unsigned char>(bytes.front())) != 0) {
    bytes.remove_prefix(1);
  }
  return bytes;
}

std::uint32_t read_be32(std::string_view bytes, std::size_t pos) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    value = (value << 8) | static_cast<unsigned char>(bytes[pos + i]);
  }
  return value;
}

// ISO-BMFF "ftyp" box: major brand at 8, compatible brands from 16 to the
// box end. AVIF files may carry "mif1" as major brand and "avif" later.
bool is_avif(std::string_view bytes) {
  if (bytes.size() < 16 || bytes.substr(4, 4) != "ftyp") return false;
  const std::size_t box_size = std::min<std::size_t>(read_be32(bytes, 0), bytes.size());
  auto avif_brand = [](std::string_view brand) { return brand == "avif" || brand == "avis"; };
  if (avif_brand(bytes.substr(8, 4))) return true;
  for (std::size_t pos = 16; pos + 4 <= box_size; pos += 4) {
    if (avif_brand(bytes.substr(pos, 4))) return true;
  }
  return false;
}

bool is_svg(std::string_view bytes) {
  const std::string_view text = trim_text_start(bytes.substr(0, kSniffWindow));
  if (starts_with_icase(text, "<svg")) return true;
  // An XML prolog, comment or doctype first, then the <svg> root element.
  const bool xml_preamble = starts_with_icase(text, "<?xml") || starts_with_icase(text, "<!--") ||
                            starts_with_icase(text, "<!doctype svg");
  return xml_preamble && contains_icase(text, "<svg") && !contains_icase(text, "<html");
}

}  // namespace

ImageFormat sniff_image_format(std::string_view bytes) {
  if (bytes.starts_with("\x89PNG\r\n\x1A\n")) return ImageFormat::png;
  if (bytes.starts_with("\xFF\xD8\xFF")) return ImageFormat::jpeg;
  if (bytes.starts_with("GIF87a") || bytes.starts_with("GIF89a")) return ImageFormat::gif;
  if (bytes.size() >= 12 && bytes.starts_with("RIFF") && bytes.substr(8, 4) == "WEBP") {
    return ImageFormat::webp;
  }
  if (is_avif(bytes)) return ImageFormat::avif;
  // "BM" is a weak two-byte signature; at least require room for the
  // 14-byte file header behind it.
  if (bytes.size() >= 14 && bytes.starts_with("BM")) return ImageFormat::bmp;
  if (bytes.size() >= 6 && bytes.starts_with(std::string_view("\0\0\1\0", 4)) &&
      (bytes[4] != 0 || bytes[5] != 0)) {
    return ImageFormat::ico;
  }
  if (is_svg(bytes)) return ImageFormat::svg;
  return ImageFormat::unknown;
}

std::string_view describe_non_image(std::string_view bytes) {
  const std::string_view window = bytes.substr(0, kSniffWindow);
  const std::string_view text = trim_text_start(window);
  if (text.empty()) return {};
  if (starts_with_icase(text, "<!doctype html") || starts_with_icase(text, "<html") ||
      starts_with_icase(text, "<head") || starts_with_icase(text, "<body") ||
      contains_icase(text, "<html")) {
    return "an HTML page";
  }
  if (starts_with_icase(text, "<?xml") || (text.front() == '<' && contains_icase(text, "</"))) {
    return "an XML document";
  }
  // Text if nothing in the window is a control byte other than whitespace;
  // UTF-8 bytes (>= 0x80) count as text so Chinese error pages qualify.
  const bool textual = std::all_of(window.begin(), window.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x20 || u == '\t' || u == '\n' || u == '\r';
  });
  if (!textual) return {};
  if (text.front() == '{' || text.front() == '[') return "JSON";
  return "text";
}

}  // namespace hlint::links
