#include "common/bus/dead_letters.h"

#include <memory>
#include <stdexcept>

#include "common/bus/headers.h"
#include "common/core/log.h"

namespace crm::common::bus {
namespace {

using MsgPtr = std::unique_ptr<natsMsg, decltype(&natsMsg_Destroy)>;

// The stored message at `sequence`, or nullptr when there is none (deleted, or past the end).
MsgPtr Get(NatsClient& nats, const std::string& stream, uint64_t sequence) {
  natsMsg* msg = nullptr;
  jsErrCode jerr = static_cast<jsErrCode>(0);
  natsStatus s = js_GetMsg(&msg, nats.js(), stream.c_str(), sequence, nullptr, &jerr);
  if (s == NATS_NOT_FOUND) {
    return MsgPtr(nullptr, &natsMsg_Destroy);
  }
  Check(s, "js_GetMsg");
  return MsgPtr(msg, &natsMsg_Destroy);
}

DeadLetter Describe(natsMsg* msg, uint64_t sequence) {
  DeadLetter letter;
  letter.sequence = sequence;
  letter.consumer = HeaderValue(msg, "crm-consumer");
  letter.original_subject = HeaderValue(msg, "crm-original-subject");
  letter.event_id = HeaderValue(msg, "ce-id");
  letter.reason = HeaderValue(msg, "crm-dead-letter-reason");
  letter.time_ns = natsMsg_GetTime(msg);
  return letter;
}

// Headers the dead letter added, and JetStream's own: not carried over to the re-driven copy.
bool CarriedOver(const std::string& key) {
  return !key.starts_with("Nats-") && !key.starts_with("crm-");
}

void Redrive(NatsClient& nats, const StreamLayout& layout, natsMsg* letter, uint64_t sequence) {
  const std::string subject = HeaderValue(letter, "crm-original-subject");
  if (subject.empty()) {
    throw std::invalid_argument("dead letter " + std::to_string(sequence) +
                                " has no crm-original-subject header");
  }
  natsMsg* raw = nullptr;
  Check(natsMsg_Create(&raw, subject.c_str(), nullptr, natsMsg_GetData(letter),
                       natsMsg_GetDataLength(letter)),
        "natsMsg_Create");
  MsgPtr copy(raw, &natsMsg_Destroy);
  CopyHeaders(letter, copy.get(), CarriedOver);
  const std::string id = HeaderValue(letter, "ce-id") + ":redrive:" + std::to_string(sequence);
  natsMsgHeader_Set(copy.get(), "Nats-Msg-Id", id.c_str());
  jsPubAck* ack = nullptr;
  jsErrCode jerr = static_cast<jsErrCode>(0);
  Check(js_PublishMsg(&ack, nats.js(), copy.get(), nullptr, &jerr), "publish the re-driven event");
  jsPubAck_Destroy(ack);
  natsStatus s = js_DeleteMsg(nats.js(), layout.dead_letter_name.c_str(), sequence, nullptr, &jerr);
  if (s != NATS_NOT_FOUND) {
    Check(s, "remove the re-driven dead letter");
  }
}

}  // namespace

std::vector<DeadLetter> ListDeadLetters(NatsClient& nats, const StreamLayout& layout,
                                        const std::string& consumer) {
  jsStreamInfo* raw = nullptr;
  jsErrCode jerr = static_cast<jsErrCode>(0);
  natsStatus s = js_GetStreamInfo(&raw, nats.js(), layout.dead_letter_name.c_str(), nullptr, &jerr);
  if (s == NATS_NOT_FOUND) {
    return {};
  }
  Check(s, "js_GetStreamInfo");
  std::unique_ptr<jsStreamInfo, decltype(&jsStreamInfo_Destroy)> info(raw, &jsStreamInfo_Destroy);
  const std::string subject = layout.dead_letter_prefix + "." + consumer;
  std::vector<DeadLetter> letters;
  if (info->State.Msgs == 0) {
    return letters;
  }
  for (uint64_t seq = info->State.FirstSeq; seq <= info->State.LastSeq; ++seq) {
    MsgPtr msg = Get(nats, layout.dead_letter_name, seq);
    if (msg != nullptr && (consumer.empty() || subject == natsMsg_GetSubject(msg.get()))) {
      letters.push_back(Describe(msg.get(), seq));
    }
  }
  return letters;
}

int RedriveDeadLetters(NatsClient& nats, const StreamLayout& layout, const std::string& consumer,
                       const std::vector<uint64_t>& sequences) {
  if (consumer.empty()) {
    throw std::invalid_argument("name the consumer whose dead letters to re-drive");
  }
  std::vector<uint64_t> chosen = sequences;
  if (chosen.empty()) {
    for (const DeadLetter& letter : ListDeadLetters(nats, layout, consumer)) {
      chosen.push_back(letter.sequence);
    }
  }
  const std::string subject = layout.dead_letter_prefix + "." + consumer;
  int redriven = 0;
  for (uint64_t seq : chosen) {
    MsgPtr letter = Get(nats, layout.dead_letter_name, seq);
    if (letter == nullptr || subject != natsMsg_GetSubject(letter.get())) {
      throw std::invalid_argument("no dead letter of " + consumer + " at sequence " +
                                  std::to_string(seq));
    }
    Redrive(nats, layout, letter.get(), seq);
    ++redriven;
    log::Info("dead letter re-driven",
              {{"consumer", consumer},
               {"sequence", seq},
               {"event_id", HeaderValue(letter.get(), "ce-id")},
               {"subject", HeaderValue(letter.get(), "crm-original-subject")}});
  }
  return redriven;
}

}  // namespace crm::common::bus
