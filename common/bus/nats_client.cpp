#include "common/bus/nats_client.h"

#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "common/core/log.h"

namespace crm::common::bus {

NatsError::NatsError(const std::string& what, natsStatus status)
    : std::runtime_error(what + ": " + natsStatus_GetText(status)), status_(status) {}

void Check(natsStatus s, const char* what) {
  if (s != NATS_OK) {
    throw NatsError(what, s);
  }
}

namespace {
// With retry-on-failed-connect, libnats connects in the background only when a connected
// callback is given; without one the first connect blocks until the server is up (forever,
// with unlimited reconnects), which would also block shutdown.
void OnConnected(natsConnection*, void*) {}

// Asynchronous refusals (a publish or subscription outside this user's permissions) reach only
// this handler; the publish itself just sees no acknowledgement.
void OnAsyncError(natsConnection* conn, natsSubscription*, natsStatus status, void*) {
  const char* text = nullptr;
  natsConnection_GetLastError(conn, &text);
  log::Warn("NATS reported an error",
            {{"status", natsStatus_GetText(status)}, {"error", text != nullptr ? text : ""}});
}

// The secret in `path` without its trailing newline (a Secret's file or `echo` may end in one).
std::string ReadSecret(const std::string& path, const char* variable) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::string secret = text.str();
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) {
    secret.pop_back();
  }
  if (!in || secret.empty()) {
    throw NatsAccessError(std::string("cannot read ") + variable + " (" + path +
                          "): the file is missing, unreadable or empty");
  }
  return secret;
}

// The host of the first URL, the name the server's certificate must carry.
std::string HostOf(const std::string& urls) {
  std::string url = urls.substr(0, urls.find(','));
  if (const auto scheme = url.find("://"); scheme != std::string::npos) {
    url.erase(0, scheme + 3);
  }
  if (const auto at = url.rfind('@'); at != std::string::npos) {
    url.erase(0, at + 1);
  }
  if (!url.empty() && url.front() == '[') {
    return url.substr(1, url.find(']') - 1);
  }
  return url.substr(0, url.find_first_of(":/"));
}

void SetAccess(natsOptions* opts, const NatsAccess& access) {
  if (!access.user.empty()) {
    const std::string password = ReadSecret(access.password_file, "CRM_NATS_PASSWORD_FILE");
    Check(natsOptions_SetUserInfo(opts, access.user.c_str(), password.c_str()),
          "natsOptions_SetUserInfo");
    // Replies (JetStream's answers, pulled events) come to inboxes only this user may subscribe
    // to (k8s/components/nats-users/crm-users.conf).
    const std::string inbox_prefix = "_INBOX_" + access.user;
    Check(natsOptions_SetCustomInboxPrefix(opts, inbox_prefix.c_str()),
          "natsOptions_SetCustomInboxPrefix");
  } else if (!access.token_file.empty()) {
    const std::string token = ReadSecret(access.token_file, "CRM_NATS_TOKEN_FILE");
    Check(natsOptions_SetToken(opts, token.c_str()), "natsOptions_SetToken");
  }
  if (access.tls.ca_file.empty()) {
    return;
  }
  Check(natsOptions_SetSecure(opts, true), "natsOptions_SetSecure");
  if (natsOptions_LoadCATrustedCertificates(opts, access.tls.ca_file.c_str()) != NATS_OK) {
    throw NatsAccessError("cannot load CRM_NATS_TLS_CA_FILE (" + access.tls.ca_file +
                          "): " + nats_GetLastError(nullptr));
  }
  // libnats checks the chain only; the name is checked when it is given. An address is not a
  // name the check can match (the certificate's IP entries are not consulted).
  if (const std::string host = HostOf(access.url);
      host.find_first_not_of("0123456789.:") != std::string::npos) {
    Check(natsOptions_SetExpectedHostname(opts, host.c_str()), "natsOptions_SetExpectedHostname");
  }
  if (!access.tls.cert_file.empty() &&
      natsOptions_LoadCertificatesChain(opts, access.tls.cert_file.c_str(),
                                        access.tls.key_file.c_str()) != NATS_OK) {
    throw NatsAccessError("cannot load CRM_NATS_TLS_CERT_FILE (" + access.tls.cert_file +
                          ") with CRM_NATS_TLS_KEY_FILE (" + access.tls.key_file +
                          "): " + nats_GetLastError(nullptr));
  }
}

// What an operator must fix when the server answered but refused this client; empty when the
// failure is not about access (the server down, a network fault).
std::string AccessProblem(natsStatus s, const NatsAccess& access) {
  const std::string at = "NATS at " + RedactedUrl(access.url);
  const char* detail = nats_GetLastError(nullptr);
  const std::string why = detail != nullptr && *detail != '\0' ? std::string(": ") + detail : "";
  switch (s) {
    case NATS_CONNECTION_AUTH_FAILED:
    case NATS_NOT_PERMITTED:
      if (!access.user.empty()) {
        return at + " refused the user CRM_NATS_USER=" + access.user +
               " with the password of CRM_NATS_PASSWORD_FILE (" + access.password_file + ")" + why;
      }
      if (!access.token_file.empty()) {
        return at + " refused the token of CRM_NATS_TOKEN_FILE (" + access.token_file + ")" + why;
      }
      return at + " requires credentials: set CRM_NATS_USER and CRM_NATS_PASSWORD_FILE, or " +
             "CRM_NATS_TOKEN_FILE" + why;
    case NATS_SECURE_CONNECTION_WANTED:
      return at + " does not speak TLS, which CRM_NATS_TLS_CA_FILE asks for";
    case NATS_SECURE_CONNECTION_REQUIRED:
    case NATS_SSL_ERROR:
    case NATS_PROTOCOL_ERROR:  // what a server refusing the client's certificate leaves
      if (access.tls.ca_file.empty()) {
        // libnats follows a server that requires TLS, and cannot verify it without the CA.
        return at + " requires TLS: set CRM_NATS_TLS_CA_FILE to the CA of its certificate" + why;
      }
      return "TLS with " + at + " failed (the server's certificate is checked against " +
             "CRM_NATS_TLS_CA_FILE=" + access.tls.ca_file + " and the host name " +
             HostOf(access.url) + "; a server that asks for a client certificate gets " +
             (access.tls.cert_file.empty() ? std::string("none: set CRM_NATS_TLS_CERT_FILE")
                                           : "CRM_NATS_TLS_CERT_FILE=" + access.tls.cert_file) +
             ")" + why;
    default:
      return {};
  }
}
}  // namespace

NatsClient::NatsClient(const NatsAccess& access, const std::string& name,
                       bool buffer_while_reconnecting) {
  Check(natsOptions_Create(&opts_), "natsOptions_Create");
  try {
    Check(natsOptions_SetURL(opts_, access.url.c_str()), "natsOptions_SetURL");
    Check(natsOptions_SetName(opts_, name.c_str()), "natsOptions_SetName");
    SetAccess(opts_, access);
    // Never give up reconnecting: a service outlives any NATS outage.
    Check(natsOptions_SetMaxReconnect(opts_, -1), "natsOptions_SetMaxReconnect");
    Check(natsOptions_SetReconnectWait(opts_, 250), "natsOptions_SetReconnectWait");
    if (!buffer_while_reconnecting) {
      // libnats 3.4 checks the buffered length against this size before appending, so with 0
      // every publish made while reconnecting fails with NATS_INSUFFICIENT_BUFFER.
      Check(natsOptions_SetReconnectBufSize(opts_, 0), "natsOptions_SetReconnectBufSize");
    }
    Check(natsOptions_SetErrorHandler(opts_, OnAsyncError, nullptr), "natsOptions_SetErrorHandler");
    // One attempt in the foreground, so that a server refusing the credentials or the TLS
    // handshake is reported at once; a server that is down is waited for in the background.
    natsStatus s = natsConnection_Connect(&conn_, opts_);
    if (s == NATS_NO_SERVER || s == NATS_TIMEOUT || s == NATS_IO_ERROR) {
      Check(natsOptions_SetRetryOnFailedConnect(opts_, true, OnConnected, nullptr),
            "natsOptions_SetRetryOnFailedConnect");
      s = natsConnection_Connect(&conn_, opts_);
    }
    // With retry-on-failed-connect, NATS_NOT_YET_CONNECTED means "connecting in the background".
    if (s != NATS_OK && s != NATS_NOT_YET_CONNECTED) {
      if (std::string problem = AccessProblem(s, access); !problem.empty()) {
        throw NatsAccessError(problem);
      }
      throw NatsError("cannot connect to NATS at " + RedactedUrl(access.url), s);
    }
    s = natsConnection_JetStream(&js_, conn_, nullptr);
    if (s != NATS_OK) {
      throw NatsError("cannot create a JetStream context", s);
    }
  } catch (...) {
    natsConnection_Destroy(conn_);
    natsOptions_Destroy(opts_);
    throw;
  }
}

NatsClient::~NatsClient() {
  jsCtx_Destroy(js_);
  natsConnection_Destroy(conn_);
  natsOptions_Destroy(opts_);
}

bool NatsClient::Connected() const {
  return natsConnection_Status(conn_) == NATS_CONN_STATUS_CONNECTED;
}

bool NatsClient::Closed() const { return natsConnection_Status(conn_) == NATS_CONN_STATUS_CLOSED; }

bool NatsClient::WaitConnected(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!Connected()) {
    if (std::chrono::steady_clock::now() >= deadline) {
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

namespace {

struct StreamSpec {
  std::string name;
  std::string subjects;
  int replicas;
  int64_t duplicates_ns;
  int64_t max_bytes;
};

using StreamInfoPtr = std::unique_ptr<jsStreamInfo, decltype(&jsStreamInfo_Destroy)>;

std::string LastErrorText() {
  const char* text = nats_GetLastError(nullptr);
  return text != nullptr ? text : "";
}

std::string DurationText(int64_t ns) {
  constexpr int64_t kSecond = 1000000000;
  if (ns > 0 && ns % (3600 * kSecond) == 0) {
    return std::to_string(ns / (3600 * kSecond)) + " h";
  }
  if (ns > 0 && ns % (60 * kSecond) == 0) {
    return std::to_string(ns / (60 * kSecond)) + " min";
  }
  return std::to_string(ns / kSecond) + " s";
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts) {
    out += (out.empty() ? "" : "; ") + part;
  }
  return out;
}

// What JetStream cannot change in place or what only an operator should: the reasons this
// stream cannot be used as it is.
std::vector<std::string> Refusals(const jsStreamConfig& found, const StreamSpec& spec) {
  std::vector<std::string> refusals;
  if (found.Storage != js_FileStorage) {
    refusals.emplace_back(
        "it uses memory storage, which loses every event when the server restarts");
  }
  if (found.Retention != js_LimitsPolicy) {
    refusals.push_back(std::string("its retention is ") +
                       (found.Retention == js_InterestPolicy ? "interest" : "work queue") +
                       ", which deletes consumed events, so projections cannot be rebuilt");
  }
  bool captures = false;
  for (int i = 0; i < found.SubjectsLen; ++i) {
    captures = captures || spec.subjects == found.Subjects[i];
  }
  if (!captures) {
    refusals.push_back("its subjects do not include " + spec.subjects);
  }
  if (found.Mirror != nullptr || found.Sealed) {
    refusals.emplace_back("it is a mirror or sealed, so it takes no publishes");
  }
  if (found.Replicas < spec.replicas) {
    refusals.push_back("it has " + std::to_string(found.Replicas) +
                       " replica(s) where CRM_STREAM_REPLICAS asks for " +
                       std::to_string(spec.replicas) + " (raise them with `nats stream edit " +
                       spec.name + " --replicas " + std::to_string(spec.replicas) +
                       "` on a clustered server)");
  }
  return refusals;
}

void CreateStream(jsCtx* js, const StreamSpec& spec) {
  jsStreamConfig cfg;
  jsStreamConfig_Init(&cfg);
  cfg.Name = spec.name.c_str();
  const char* subject_list[] = {spec.subjects.c_str()};
  cfg.Subjects = subject_list;
  cfg.SubjectsLen = 1;
  cfg.Storage = js_FileStorage;
  cfg.Retention = js_LimitsPolicy;
  cfg.Duplicates = spec.duplicates_ns;
  cfg.Replicas = spec.replicas;
  cfg.MaxBytes = spec.max_bytes;
  cfg.Discard = js_DiscardNew;
  jsStreamInfo* info = nullptr;
  jsErrCode jerr = static_cast<jsErrCode>(0);
  natsStatus s = js_AddStream(&info, js, &cfg, nullptr, &jerr);
  jsStreamInfo_Destroy(info);
  if (s == NATS_OK) {
    log::Info("stream created", {{"stream", spec.name},
                                 {"subjects", spec.subjects},
                                 {"replicas", spec.replicas},
                                 {"duplicate_window", DurationText(spec.duplicates_ns)},
                                 {"max_bytes", spec.max_bytes}});
    return;
  }
  if (jerr == JSStreamNameExistErr) {
    return;  // created a moment ago by another service; the caller checks it
  }
  if (jerr == JSStreamSubjectOverlapErr) {
    // Two creators at the same moment: the server may report the other's fresh stream as an
    // overlap rather than as the name taken. When the stream of this name is there now, it is
    // that one (the caller checks its configuration); otherwise the overlap is real.
    jsStreamInfo* existing = nullptr;
    const natsStatus found = js_GetStreamInfo(&existing, js, spec.name.c_str(), nullptr, nullptr);
    jsStreamInfo_Destroy(existing);
    if (found == NATS_OK) {
      return;
    }
  }
  if (jerr != 0) {
    throw StreamConfigError("cannot create stream " + spec.name + ": " + LastErrorText() +
                            " (JetStream error " + std::to_string(static_cast<int>(jerr)) + ")");
  }
  throw NatsError("cannot create stream " + spec.name, s);
}

void EnsureStream(jsCtx* js, const StreamSpec& spec) {
  jsStreamInfo* raw = nullptr;
  jsErrCode jerr = static_cast<jsErrCode>(0);
  natsStatus s = js_GetStreamInfo(&raw, js, spec.name.c_str(), nullptr, &jerr);
  if (s == NATS_NOT_FOUND) {
    CreateStream(js, spec);
    s = js_GetStreamInfo(&raw, js, spec.name.c_str(), nullptr, &jerr);
  }
  StreamInfoPtr info(raw, &jsStreamInfo_Destroy);
  if (s != NATS_OK) {
    throw NatsError("cannot look up stream " + spec.name, s);
  }
  const jsStreamConfig& found = *info->Config;
  if (auto refusals = Refusals(found, spec); !refusals.empty()) {
    throw StreamConfigError("stream " + spec.name + " cannot be used: " + Join(refusals));
  }
  jsStreamConfig wanted = found;
  std::vector<std::string> repairs;
  if (found.Duplicates < spec.duplicates_ns) {
    wanted.Duplicates = spec.duplicates_ns;
    repairs.push_back("duplicate window " + DurationText(found.Duplicates) + " -> " +
                      DurationText(spec.duplicates_ns));
  }
  if (found.MaxBytes <= 0) {
    wanted.MaxBytes = spec.max_bytes;
    repairs.push_back("no storage limit -> max_bytes " + std::to_string(spec.max_bytes));
  }
  if (found.Discard != js_DiscardNew) {
    wanted.Discard = js_DiscardNew;
    repairs.emplace_back("discard old -> new (when full, refuse new events, never drop old ones)");
  }
  if (repairs.empty()) {
    return;
  }
  jsStreamInfo* updated = nullptr;
  s = js_UpdateStream(&updated, js, &wanted, nullptr, &jerr);
  jsStreamInfo_Destroy(updated);
  if (s != NATS_OK) {
    std::string what = "stream " + spec.name + " needs " + Join(repairs);
    if (jerr != 0) {
      throw StreamConfigError(what + ", but JetStream refused the update: " + LastErrorText());
    }
    throw NatsError(what + "; the update failed", s);
  }
  log::Warn("stream configuration repaired", {{"stream", spec.name}, {"changes", Join(repairs)}});
}

}  // namespace

int64_t NatsClient::StreamCreated(const std::string& name) {
  jsStreamInfo* raw = nullptr;
  jsErrCode jerr = static_cast<jsErrCode>(0);
  const natsStatus s = js_GetStreamInfo(&raw, js_, name.c_str(), nullptr, &jerr);
  StreamInfoPtr info(raw, &jsStreamInfo_Destroy);
  if (s != NATS_OK) {
    throw NatsError("cannot look up stream " + name, s);
  }
  return info->Created;
}

void NatsClient::EnsureStreams(const StreamLayout& layout) {
  auto dup_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(layout.duplicate_window);
  EnsureStream(js_,
               {layout.name, layout.subjects, layout.replicas, dup_ns.count(), layout.max_bytes});
  EnsureStream(js_, {layout.dead_letter_name, layout.dead_letter_prefix + ".>", layout.replicas,
                     dup_ns.count(), layout.max_bytes / 8});
}

}  // namespace crm::common::bus
