#include "common/bus/nats_client.h"

#include <string>

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
}  // namespace

NatsClient::NatsClient(const std::string& url, const std::string& name, jsOptions* js_options) {
  Check(natsOptions_Create(&opts_), "natsOptions_Create");
  Check(natsOptions_SetURL(opts_, url.c_str()), "natsOptions_SetURL");
  Check(natsOptions_SetName(opts_, name.c_str()), "natsOptions_SetName");
  // Never give up reconnecting: a service outlives any NATS outage.
  Check(natsOptions_SetMaxReconnect(opts_, -1), "natsOptions_SetMaxReconnect");
  Check(natsOptions_SetReconnectWait(opts_, 250), "natsOptions_SetReconnectWait");
  Check(natsOptions_SetRetryOnFailedConnect(opts_, true, OnConnected, nullptr),
        "natsOptions_SetRetryOnFailedConnect");
  natsStatus s = natsConnection_Connect(&conn_, opts_);
  // With retry-on-failed-connect, NATS_NOT_YET_CONNECTED means "connecting in the background".
  if (s != NATS_OK && s != NATS_NOT_YET_CONNECTED) {
    natsOptions_Destroy(opts_);
    throw NatsError("cannot connect to NATS at " + url, s);
  }
  s = natsConnection_JetStream(&js_, conn_, js_options);
  if (s != NATS_OK) {
    natsConnection_Destroy(conn_);
    natsOptions_Destroy(opts_);
    throw NatsError("cannot create a JetStream context", s);
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

namespace {
void EnsureStream(jsCtx* js, const std::string& name, const std::string& subjects,
                  int64_t duplicates_ns, int replicas) {
  jsStreamInfo* info = nullptr;
  jsErrCode jerr = static_cast<jsErrCode>(0);
  natsStatus s = js_GetStreamInfo(&info, js, name.c_str(), nullptr, &jerr);
  if (s == NATS_OK) {
    jsStreamInfo_Destroy(info);
    return;
  }
  if (s != NATS_NOT_FOUND) {
    throw NatsError("cannot look up stream " + name, s);
  }
  jsStreamConfig cfg;
  jsStreamConfig_Init(&cfg);
  cfg.Name = name.c_str();
  const char* subject_list[] = {subjects.c_str()};
  cfg.Subjects = subject_list;
  cfg.SubjectsLen = 1;
  cfg.Storage = js_FileStorage;
  cfg.Retention = js_LimitsPolicy;
  cfg.Duplicates = duplicates_ns;
  cfg.Replicas = replicas;
  s = js_AddStream(&info, js, &cfg, nullptr, &jerr);
  if (s != NATS_OK) {
    throw NatsError("cannot create stream " + name + " (JetStream error " +
                        std::to_string(static_cast<int>(jerr)) + ")",
                    s);
  }
  jsStreamInfo_Destroy(info);
}
}  // namespace

void NatsClient::EnsureStreams(const StreamLayout& layout) {
  auto dup_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(layout.duplicate_window);
  EnsureStream(js_, layout.name, layout.subjects, dup_ns.count(), layout.replicas);
  EnsureStream(js_, layout.dead_letter_name, layout.dead_letter_prefix + ".>", dup_ns.count(),
               layout.replicas);
}

}  // namespace crm::common::bus
