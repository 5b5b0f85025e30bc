// Which peer addresses the link checker refuses to talk to: checking links
// found in untrusted articles must not become a way to probe the machine's
// own network (loopback services, the LAN, cloud metadata endpoints).
#pragma once

#include <optional>
#include <string>
#include <string_view>

struct sockaddr;

namespace hlint::links {

// Why an address is refused, e.g. "loopback", "private", "link-local",
// "cloud metadata", "carrier-grade NAT", "this network", "multicast",
// "reserved", "unique local"; nullopt when it is a public address.
std::optional<std::string> forbidden_address_reason(const sockaddr* address);

// Same for a numeric IPv4/IPv6 string ("127.0.0.1", "::1"). Strings that are
// not numeric addresses are refused ("not a numeric address").
std::optional<std::string> forbidden_address_reason(std::string_view numeric_ip);

}  // namespace hlint::links
