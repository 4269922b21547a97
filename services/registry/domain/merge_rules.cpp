#include "services/registry/domain/merge_rules.h"

namespace crm::registry {
namespace {

// The fillable fields and how to reach them.
struct Fillable {
  const char* field;
  const std::string& (*get)(const v1::Client&);
  void (*set)(v1::Client&, const std::string&);
  bool same_inn_only;
};

const std::vector<Fillable>& Fillables() {
  static const std::vector<Fillable> kFillables = {
      {"legal_address", [](const v1::Client& c) -> const std::string& { return c.legal_address(); },
       [](v1::Client& c, const std::string& v) { c.set_legal_address(v); }, false},
      {"phone", [](const v1::Client& c) -> const std::string& { return c.phone(); },
       [](v1::Client& c, const std::string& v) { c.set_phone(v); }, false},
      {"email", [](const v1::Client& c) -> const std::string& { return c.email(); },
       [](v1::Client& c, const std::string& v) { c.set_email(v); }, false},
      {"ogrn", [](const v1::Client& c) -> const std::string& { return c.ogrn(); },
       [](v1::Client& c, const std::string& v) { c.set_ogrn(v); }, true},
  };
  return kFillables;
}

const Fillable* FindFillable(const std::string& field) {
  for (const Fillable& fillable : Fillables()) {
    if (field == fillable.field) {
      return &fillable;
    }
  }
  return nullptr;
}

}  // namespace

std::vector<FilledField> PlanMergeFill(const v1::Client& survivor,
                                       const std::vector<v1::Client>& merged) {
  std::vector<FilledField> filled;
  for (const Fillable& fillable : Fillables()) {
    if (!fillable.get(survivor).empty()) {
      continue;
    }
    for (const v1::Client& other : merged) {
      const std::string& value = fillable.get(other);
      if (!value.empty() && (!fillable.same_inn_only || other.inn() == survivor.inn())) {
        filled.push_back({fillable.field, value});
        break;
      }
    }
  }
  return filled;
}

v1::Client ApplyMergeFill(v1::Client survivor, const std::vector<FilledField>& filled) {
  for (const FilledField& field : filled) {
    if (const Fillable* fillable = FindFillable(field.field)) {
      fillable->set(survivor, field.value);
    }
  }
  return survivor;
}

v1::Client UndoMergeFill(v1::Client current, const std::vector<FilledField>& filled) {
  for (const FilledField& field : filled) {
    const Fillable* fillable = FindFillable(field.field);
    if (fillable != nullptr && fillable->get(current) == field.value) {
      fillable->set(current, std::string());
    }
  }
  return current;
}

}  // namespace crm::registry
