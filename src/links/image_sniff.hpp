// Recognises image formats from their first bytes, so an HTML error page
// served as "image/png" is caught even when the headers lie.
#pragma once

#include <string_view>

namespace hlint::links {

enum class ImageFormat { unknown, png, jpeg, gif, webp, avif, bmp, ico, svg };

// "png", "jpeg", ... ; "unknown" for ImageFormat::unknown.
std::string_view to_string(ImageFormat format);

// Looks at (up to) the first KiB of a response body.
ImageFormat sniff_image_format(std::string_view first_bytes);

// When the bytes are clearly not an image, a short description such as
// "an HTML page", "an XML document", "JSON" or "text"; empty otherwise
// (binary data of an unknown kind).
std::string_view describe_non_image(std::string_view first_bytes);

}  // namespace hlint::links
