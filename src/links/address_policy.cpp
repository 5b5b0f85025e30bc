#include "links/address_policy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <string>

namespace hlint::links {

namespace {

std::optional<std::string> ipv4_reason(std::uint32_t ip /* host byte order */) {
  auto in = [ip](std::uint32_t network, int prefix) {
    const std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
    return (ip & mask) == (network & mask);
  };
  auto v4 = [](unsigned a, unsigned b, unsigned c, unsigned d) {
    return (std::uint32_t{a} << 24) | (b << 16) | (c << 8) | d;
  };
  if (ip == v4(169, 254, 169, 254)) return "cloud metadata";
  if (in(v4(0, 0, 0, 0), 8)) return "this network";
  if (in(v4(10, 0, 0, 0), 8)) return "private";
  if (in(v4(100, 64, 0, 0), 10)) return "carrier-grade NAT";
  if (in(v4(127, 0, 0, 0), 8)) return "loopback";
  if (in(v4(169, 254, 0, 0), 16)) return "link-local";
  if (in(v4(172, 16, 0, 0), 12)) return "private";
  if (in(v4(192, 0, 0, 0), 24)) return "reserved";  // IETF protocol assignments
  if (in(v4(192, 168, 0, 0), 16)) return "private";
  if (in(v4(198, 18, 0, 0), 15)) return "reserved";  // benchmarking
  if (in(v4(224, 0, 0, 0), 4)) return "multicast";
  if (in(v4(240, 0, 0, 0), 4)) return "reserved";  // includes broadcast
  return std::nullopt;
}

std::uint32_t ipv4_at(const std::array<std::uint8_t, 16>& b, std::size_t pos) {
  return (std::uint32_t{b[pos]} << 24) | (std::uint32_t{b[pos + 1]} << 16) |
         (std::uint32_t{b[pos + 2]} << 8) | std::uint32_t{b[pos + 3]};
}

std::optional<std::string> ipv6_reason(const std::array<std::uint8_t, 16>& b) {
  auto zero_prefix = [&b](std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
      if (b[i] != 0) return false;
    }
    return true;
  };
  if (zero_prefix(15) && b[15] == 1) return "loopback";
  if (zero_prefix(16)) return "this network";
  // Addresses that embed an IPv4 address are judged by that address, so
  // "::ffff:127.0.0.1" or a NAT64/6to4 wrapping of 10.0.0.1 is no loophole.
  if (zero_prefix(10) && b[10] == 0xff && b[11] == 0xff) return ipv4_reason(ipv4_at(b, 12));
  if (zero_prefix(12)) return ipv4_reason(ipv4_at(b, 12));  // deprecated IPv4-compatible
  if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b) {  // 64:ff9b::/96 NAT64
    return ipv4_reason(ipv4_at(b, 12));
  }
  if (b[0] == 0x20 && b[1] == 0x02) return ipv4_reason(ipv4_at(b, 2));  // 2002::/16 6to4
  if ((b[0] & 0xfe) == 0xfc) return "unique local";                        // fc00::/7
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return "link-local";          // fe80::/10
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return "site-local";          // fec0::/10
  if (b[0] == 0xff) return "multicast";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> forbidden_address_reason(const sockaddr* address) {
  if (address == nullptr) return "no address";
  if (address->sa_family == AF_INET) {
    sockaddr_in v4{};
    std::memcpy(&v4, address, sizeof v4);
    return ipv4_reason(ntohl(v4.sin_addr.s_addr));
  }
  if (address->sa_family == AF_INET6) {
    sockaddr_in6 v6{};
    std::memcpy(&v6, address, sizeof v6);
    std::array<std::uint8_t, 16> bytes{};
    std::memcpy(bytes.data(), &v6.sin6_addr, bytes.size());
    return ipv6_reason(bytes);
  }
  // Unix sockets and anything else are never a web server we meant to reach.
  return "not an internet address";
}

std::optional<std::string> forbidden_address_reason(std::string_view numeric_ip) {
  const std::string text(numeric_ip);
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) return ipv4_reason(ntohl(v4.s_addr));
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    std::array<std::uint8_t, 16> bytes{};
    std::memcpy(bytes.data(), &v6, bytes.size());
    return ipv6_reason(bytes);
  }
  return "not a numeric address";
}

}  // namespace hlint::links
