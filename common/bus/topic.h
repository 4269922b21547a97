#pragma once

#include <string_view>

namespace google::protobuf {
class Descriptor;
}

// A typed event contract: one subject and the payload type that travels on it. Each event is
// declared once (proto/crm/events/v1/<service>_topics.h); publishing (EnqueueEvent) and consumer
// routing (EventRouter::On) take the declaration, so a payload published or handled under another
// event's subject does not compile, and nobody spells a subject twice.
namespace crm::common::bus {

// "crm.<service>.<aggregate>.<event>", each part lower_snake_case.
constexpr bool IsTopicSubject(std::string_view subject) {
  if (!subject.starts_with("crm.")) {
    return false;
  }
  int parts = 1;
  std::size_t part_length = 0;
  for (char c : subject.substr(4)) {
    if (c == '.') {
      if (part_length == 0) {
        return false;
      }
      ++parts;
      part_length = 0;
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
      ++part_length;
    } else {
      return false;
    }
  }
  return parts == 3 && part_length > 0;
}

template <class Payload>
struct Topic {
  using payload_type = Payload;

  // consteval: a malformed subject is a compile error where the topic is declared.
  consteval explicit Topic(const char* subject_text) : subject(subject_text) {
    if (!IsTopicSubject(subject)) {
      throw "a topic subject is crm.<service>.<aggregate>.<event>";
    }
  }

  // The producing service, the subject's second part: "planning" for crm.planning.sale.recorded.
  // The CloudEvents source is "crm/" + service().
  constexpr std::string_view service() const {
    const std::string_view rest = subject.substr(4);
    return rest.substr(0, rest.find('.'));
  }

  std::string_view subject;
};

// A topic with its payload type erased, for code that lists every topic (the AsyncAPI document).
struct TopicInfo {
  std::string_view subject;
  const google::protobuf::Descriptor* (*descriptor)();
};

template <class Payload>
constexpr TopicInfo InfoOf(const Topic<Payload>& topic) {
  return {topic.subject, &Payload::descriptor};
}

}  // namespace crm::common::bus
