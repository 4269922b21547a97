#pragma once

#include <nats/nats.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace crm::testing {

// unique_ptr owners for the NATS C client's objects, so a failed assertion cannot leak them.
struct NatsDeleter {
  void operator()(natsConnection* p) const { natsConnection_Destroy(p); }
  void operator()(natsOptions* p) const { natsOptions_Destroy(p); }
  void operator()(natsSubscription* p) const { natsSubscription_Destroy(p); }
  void operator()(natsMsg* p) const { natsMsg_Destroy(p); }
  void operator()(jsCtx* p) const { jsCtx_Destroy(p); }
  void operator()(jsPubAck* p) const { jsPubAck_Destroy(p); }
  void operator()(jsStreamInfo* p) const { jsStreamInfo_Destroy(p); }
  void operator()(jsStreamNamesList* p) const { jsStreamNamesList_Destroy(p); }
};

using NatsConnectionPtr = std::unique_ptr<natsConnection, NatsDeleter>;
using NatsOptionsPtr = std::unique_ptr<natsOptions, NatsDeleter>;
using NatsSubscriptionPtr = std::unique_ptr<natsSubscription, NatsDeleter>;
using NatsMsgPtr = std::unique_ptr<natsMsg, NatsDeleter>;
using JsCtxPtr = std::unique_ptr<jsCtx, NatsDeleter>;
using JsPubAckPtr = std::unique_ptr<jsPubAck, NatsDeleter>;
using JsStreamInfoPtr = std::unique_ptr<jsStreamInfo, NatsDeleter>;
using JsStreamNamesListPtr = std::unique_ptr<jsStreamNamesList, NatsDeleter>;

// Throws std::runtime_error naming `what` and the client's own error text unless s is NATS_OK.
inline void CheckNats(natsStatus s, std::string_view what) {
  if (s == NATS_OK) {
    return;
  }
  std::string message = std::string(what) + ": " + natsStatus_GetText(s);
  if (const char* detail = nats_GetLastError(nullptr); detail != nullptr && *detail != '\0') {
    message += " (" + std::string(detail) + ")";
  }
  throw std::runtime_error(message);
}

// A plain connection (no reconnects) for test set-up and checks.
inline NatsConnectionPtr ConnectNats(const std::string& url) {
  natsOptions* raw_options = nullptr;
  CheckNats(natsOptions_Create(&raw_options), "natsOptions_Create");
  NatsOptionsPtr options(raw_options);
  CheckNats(natsOptions_SetURL(options.get(), url.c_str()), "natsOptions_SetURL");
  CheckNats(natsOptions_SetAllowReconnect(options.get(), false), "natsOptions_SetAllowReconnect");
  natsConnection* raw = nullptr;
  CheckNats(natsConnection_Connect(&raw, options.get()), "connect to " + url);
  return NatsConnectionPtr(raw);
}

inline JsCtxPtr JetStream(natsConnection* connection) {
  jsCtx* raw = nullptr;
  CheckNats(natsConnection_JetStream(&raw, connection, nullptr), "natsConnection_JetStream");
  return JsCtxPtr(raw);
}

}  // namespace crm::testing
