// Request validation of contact persons (validation.h).
#include <google/protobuf/util/message_differencer.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstdlib>

#include "common/api/date.h"
#include "common/api/etag.h"
#include "common/api/request_id.h"
#include "common/api/update_mask.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/ru/requisites.h"
#include "services/registry/domain/client_rules.h"
#include "services/registry/domain/field_checks.h"
#include "services/registry/domain/geography.h"
#include "services/registry/domain/search_text.h"
#include "services/registry/domain/text.h"
#include "services/registry/domain/validation.h"

namespace crm::registry {
namespace {

using common::Violations;

void CheckContactPerson(Violations& v, v1::ContactPerson* person) {
  CheckName(v, "contact_person", "full_name", person->mutable_full_name(), kRequiredName);
  CheckName(v, "contact_person", "position", person->mutable_position(), kOptionalName);
  std::string legacy_phone_path;
  std::string legacy_email_path;
  if (person->phones_size() == 0 && !Trim(person->phone()).empty()) {
    person->add_phones()->set_number(person->phone());
    legacy_phone_path = "contact_person.phone";
  }
  if (person->emails_size() == 0 && !Trim(person->email()).empty()) {
    person->add_emails(person->email());
    legacy_email_path = "contact_person.email";
  }
  CheckPhones(v, "contact_person.phones", person->mutable_phones(), legacy_phone_path);
  CheckEmails(v, "contact_person.emails", person->mutable_emails(), legacy_email_path);
  person->set_phone(person->phones_size() > 0 ? person->phones(0).number() : "");
  person->set_email(person->emails_size() > 0 ? person->emails(0) : "");
  if (!v1::ContactPersonStatus_IsValid(person->status())) {
    v.Add("contact_person.status", "is not a known status");
  } else if (person->status() == v1::CONTACT_PERSON_STATUS_UNSPECIFIED) {
    person->set_status(v1::CONTACT_PERSON_STATUS_ACTIVE);
  }
  if (person->primary() && person->status() == v1::CONTACT_PERSON_STATUS_LEFT) {
    v.Add("contact_person.primary", "a person who left the company cannot be the main contact");
  }
}

}  // namespace

NewContactPerson ValidateCreateContactPerson(const v1::CreateContactPersonRequest& request) {
  Violations v;
  NewContactPerson out;
  auto client_id = ValidateParent(v, request.parent(), "clients", "clients/{uuid}");
  common::api::CheckRequestId(v, request.request_id());
  if (!request.has_contact_person()) {
    v.Add("contact_person", "is required");
    v.ThrowIfAny();
  }
  v1::ContactPerson& person = out.contact_person;
  person = request.contact_person();
  person.clear_name();
  person.clear_create_time();
  person.clear_update_time();
  person.clear_etag();
  person.clear_delete_time();
  CheckContactPerson(v, &person);
  v.ThrowIfAny();
  out.client_id = *client_id;
  return out;
}

ContactPersonRef ValidateContactPersonName(std::string_view name, const char* field) {
  if (name.empty()) {
    throw common::ValidationError(field, "is required");
  }
  auto ref = ParseContactPersonName(name);
  if (!ref) {
    throw common::ValidationError(
        field, "must be a resource name like clients/{uuid}/contactPersons/{uuid}");
  }
  return *ref;
}

ContactPersonUpdate ValidateUpdateContactPerson(const v1::UpdateContactPersonRequest& request) {
  static constexpr std::array<std::string_view, 9> kUpdatable = {
      "full_name", "position",        "phone",   "email", "phones",
      "emails",    "mailing_consent", "primary", "status"};
  Violations v;
  ContactPersonUpdate update;
  if (!request.has_contact_person()) {
    v.Add("contact_person", "is required");
  } else {
    const v1::ContactPerson& person = request.contact_person();
    if (person.name().empty()) {
      v.Add("contact_person.name", "is required");
    } else if (auto ref = ParseContactPersonName(person.name())) {
      update.ref = *ref;
    } else {
      v.Add("contact_person.name",
            "must be a resource name like clients/{uuid}/contactPersons/{uuid}");
    }
    common::api::RequireEtag(v, "contact_person.etag", person.etag());
    update.etag = person.etag();
  }
  update.paths = common::api::ReadUpdateMask(v, request.update_mask(), kUpdatable);
  v.ThrowIfAny();
  return update;
}

v1::ContactPerson ApplyContactPersonUpdate(const v1::ContactPerson& current,
                                           const v1::ContactPerson& changes,
                                           const std::vector<std::string>& paths) {
  v1::ContactPerson person = current;
  for (const std::string& path : paths) {
    if (path == "full_name") {
      person.set_full_name(changes.full_name());
    } else if (path == "position") {
      person.set_position(changes.position());
    } else if (path == "phone") {
      ReplaceFirst(person.mutable_phones(), changes.phone());
    } else if (path == "email") {
      ReplaceFirst(person.mutable_emails(), changes.email());
    } else if (path == "phones") {
      *person.mutable_phones() = changes.phones();
    } else if (path == "emails") {
      *person.mutable_emails() = changes.emails();
    } else if (path == "mailing_consent") {
      person.set_mailing_consent(changes.mailing_consent());
    } else if (path == "primary") {
      person.set_primary(changes.primary());
    } else if (path == "status") {
      person.set_status(changes.status());
    }
  }
  person.clear_phone();
  person.clear_email();
  Violations v;
  CheckContactPerson(v, &person);
  v.ThrowIfAny();
  return person;
}

ContactPersonDeletion ValidateDeleteContactPerson(const v1::DeleteContactPersonRequest& request) {
  Violations v;
  ContactPersonDeletion deletion;
  if (request.name().empty()) {
    v.Add("name", "is required");
  } else if (auto ref = ParseContactPersonName(request.name())) {
    deletion.ref = *ref;
  } else {
    v.Add("name", "must be a resource name like clients/{uuid}/contactPersons/{uuid}");
  }
  common::api::RequireEtag(v, "etag", request.etag());
  deletion.etag = request.etag();
  v.ThrowIfAny();
  return deletion;
}

std::optional<ContactPersonRef> ParseContactPersonName(std::string_view name) {
  const std::size_t slash = name.find('/', name.find('/') + 1);
  if (slash == std::string_view::npos) {
    return std::nullopt;
  }
  auto client_id = common::ParseResourceId(name.substr(0, slash), "clients");
  auto person_id = common::ParseResourceId(name.substr(slash + 1), "contactPersons");
  if (!client_id || !person_id) {
    return std::nullopt;
  }
  return ContactPersonRef{*client_id, *person_id};
}

ContactPersonList ValidateListContactPersons(const v1::ListContactPersonsRequest& request,
                                             std::string_view caller) {
  Violations v;
  ContactPersonList list;
  auto client_id = ValidateParent(v, request.parent(), "clients", "clients/{uuid}");
  list.show_deleted = request.show_deleted();
  if (client_id) {
    list.parent_id = *client_id;
    list.window = ReadListWindow(request, caller, v);
  }
  v.ThrowIfAny();
  return list;
}

}  // namespace crm::registry
