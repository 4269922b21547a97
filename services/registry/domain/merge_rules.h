#pragma once

#include <string>
#include <vector>

#include "crm/registry/v1/registry.pb.h"

// What merging clients does to the survivor's own fields, free of I/O: a field the survivor
// lacks is filled from the first merged client that has it; undoing the merge empties the filled
// fields again unless someone changed them since.
namespace crm::registry {

struct FilledField {
  std::string field;  // a Client field name: "phone", "email", "legal_address", "ogrn"
  std::string value;
};

// Fields of `survivor` that are empty and that a merged client has, in `merged` order. The OGRN
// is taken only from a client with the survivor's INN (it identifies the same company).
std::vector<FilledField> PlanMergeFill(const v1::Client& survivor,
                                       const std::vector<v1::Client>& merged);
// `survivor` with the filled fields set.
v1::Client ApplyMergeFill(v1::Client survivor, const std::vector<FilledField>& filled);
// `current` with each filled field emptied again where it still holds the filled value.
v1::Client UndoMergeFill(v1::Client current, const std::vector<FilledField>& filled);

}  // namespace crm::registry
