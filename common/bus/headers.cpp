#include "common/bus/headers.h"

#include <cstdlib>

namespace crm::common::bus {

std::string HeaderValue(natsMsg* msg, const char* key) {
  const char* value = nullptr;
  if (natsMsgHeader_Get(msg, key, &value) == NATS_OK && value != nullptr) {
    return value;
  }
  return {};
}

void CopyHeaders(natsMsg* from, natsMsg* to, const std::function<bool(const std::string&)>& keep) {
  const char** keys = nullptr;
  int count = 0;
  if (natsMsgHeader_Keys(from, &keys, &count) != NATS_OK) {
    return;
  }
  for (int i = 0; i < count; ++i) {
    std::string value = HeaderValue(from, keys[i]);
    if (!value.empty() && keep(keys[i])) {
      natsMsgHeader_Set(to, keys[i], value.c_str());
    }
  }
  free(static_cast<void*>(keys));
}

}  // namespace crm::common::bus
