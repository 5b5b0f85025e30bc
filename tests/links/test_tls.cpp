// TLS failures: an https server on 127.0.0.1 with a self-signed certificate
// (made in memory) must come out as tls-error, with no request sent.
#include <catch2/catch.hpp>

#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <chrono>
#include <thread>

#include "links/link_checker.hpp"

using namespace std::chrono_literals;

namespace {

struct SelfSigned {
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
  SelfSigned() {
    key = EVP_EC_gen("P-256");
    cert = X509_new();
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), 0);
    X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509_sign(cert, key, EVP_sha256());
  }
  ~SelfSigned() {
    X509_free(cert);
    EVP_PKEY_free(key);
  }
  SelfSigned(const SelfSigned&) = delete;
  SelfSigned& operator=(const SelfSigned&) = delete;
};

}  // namespace

TEST_CASE("an untrusted certificate is a tls-error", "[links][online][tls]") {
  SelfSigned identity;
  REQUIRE(identity.key != nullptr);
  httplib::SSLServer server(identity.cert, identity.key);
  REQUIRE(server.is_valid());
  int requests = 0;
  server.Get("/ok.png", [&requests](const httplib::Request&, httplib::Response& res) {
    ++requests;
    res.set_content("\x89PNG\r\n\x1A\n", "image/png");
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  std::thread thread([&server] { server.listen_after_bind(); });
  while (!server.is_running()) std::this_thread::sleep_for(1ms);

  hlint::links::LinkCheckOptions options;
  options.allow_private = true;
  options.timeout = 2000ms;
  const std::string url = "https://127.0.0.1:" + std::to_string(port) + "/ok.png";
  hlint::links::LinkChecker checker(options);
  const auto results = checker.check({{url, ""}});
  server.stop();
  thread.join();

  const auto& result = results.at(url);
  INFO(result.detail);
  CHECK(result.status == hlint::links::LinkStatus::tls_error);
  CHECK(result.attempts == 0);
  CHECK(requests == 0);
}
