#include "services/documents/domain/issuer_rules.h"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

#include "common/api/enum_text.h"
#include "common/api/request_id.h"
#include "common/core/errors.h"
#include "common/ru/requisites.h"
#include "services/documents/domain/edo_xml.h"
#include "services/documents/domain/lifecycle.h"

namespace crm::documents {
namespace {

// Generous bounds: they only stop abuse (a megabyte "name") from reaching the PDF and the DB.
constexpr std::size_t kMaxTextBytes = 1000;

std::string Trimmed(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n\v\f";
  const std::size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) {
    return {};
  }
  const std::size_t last = text.find_last_not_of(kSpace);
  return std::string(text.substr(first, last - first + 1));
}

void Trim(std::string* text) { *text = Trimmed(*text); }

void RequireText(common::Violations& violations, const std::string& field,
                 const std::string& value) {
  if (value.empty()) {
    violations.Add(field, "is required");
  } else if (value.size() > kMaxTextBytes) {
    violations.Add(field, "must be at most " + std::to_string(kMaxTextBytes) + " bytes");
  }
}

void OptionalText(common::Violations& violations, const std::string& field,
                  const std::string& value) {
  if (value.size() > kMaxTextBytes) {
    violations.Add(field, "must be at most " + std::to_string(kMaxTextBytes) + " bytes");
  }
}

std::size_t WordCount(std::string_view text) {
  std::size_t count = 0;
  bool in_word = false;
  for (const char c : text) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    count += !space && !in_word ? 1 : 0;
    in_word = !space;
  }
  return count;
}

// The explicit genitive of the director's name declines the same name: as many words as
// `director`, which it needs.
void CheckDirectorGenitive(common::Violations& violations, const v1::Issuer& issuer) {
  const std::string& genitive = issuer.director_genitive();
  if (genitive.empty()) {
    return;
  }
  if (issuer.director().empty()) {
    violations.Add("issuer.director_genitive", "needs issuer.director, the name it declines");
  } else if (WordCount(genitive) != WordCount(issuer.director())) {
    violations.Add("issuer.director_genitive",
                   "must be issuer.director declined: the same number of words");
  }
}

}  // namespace

void NormalizeIssuer(v1::Issuer* issuer) {
  Trim(issuer->mutable_legal_name());
  Trim(issuer->mutable_inn());
  Trim(issuer->mutable_kpp());
  Trim(issuer->mutable_ogrn());
  Trim(issuer->mutable_address());
  Trim(issuer->mutable_bank_name());
  Trim(issuer->mutable_bik());
  Trim(issuer->mutable_settlement_account());
  Trim(issuer->mutable_correspondent_account());
  Trim(issuer->mutable_director());
  Trim(issuer->mutable_chief_accountant());
  Trim(issuer->mutable_director_position());
  Trim(issuer->mutable_director_basis());
  Trim(issuer->mutable_chief_accountant_basis());
  Trim(issuer->mutable_edo_participant_id());
  Trim(issuer->mutable_director_genitive());
  Trim(issuer->mutable_director_position_genitive());
}

void CheckIssuer(common::Violations& violations, const v1::Issuer& issuer) {
  RequireText(violations, "issuer.legal_name", issuer.legal_name());
  RequireText(violations, "issuer.address", issuer.address());
  RequireText(violations, "issuer.bank_name", issuer.bank_name());
  OptionalText(violations, "issuer.director", issuer.director());
  OptionalText(violations, "issuer.chief_accountant", issuer.chief_accountant());
  OptionalText(violations, "issuer.director_position", issuer.director_position());
  OptionalText(violations, "issuer.director_basis", issuer.director_basis());
  OptionalText(violations, "issuer.chief_accountant_basis", issuer.chief_accountant_basis());
  OptionalText(violations, "issuer.director_genitive", issuer.director_genitive());
  OptionalText(violations, "issuer.director_position_genitive",
               issuer.director_position_genitive());
  CheckDirectorGenitive(violations, issuer);
  if (!issuer.edo_participant_id().empty()) {
    violations.AddIf("issuer.edo_participant_id",
                     EdoParticipantIdProblem(issuer.edo_participant_id()));
  }
  if (issuer.payment_term_days() < 0 || issuer.payment_term_days() > kMaxPaymentTermDays) {
    violations.Add("issuer.payment_term_days",
                   "must be 1 to " + std::to_string(kMaxPaymentTermDays) +
                       " days (0 or unset: " + std::to_string(kDefaultPaymentTermDays) + ")");
  }

  if (issuer.closing_documents() != v1::CLOSING_DOCUMENTS_UNSPECIFIED &&
      !common::api::IsSpecified(issuer.closing_documents())) {
    violations.Add("issuer.closing_documents",
                   "must be ACT_AND_VAT_INVOICE, UPD_STATUS_1 or UPD_STATUS_2 (unset: an act and "
                   "a VAT invoice)");
  }

  for (int i = 0; i < issuer.draft_kinds_size(); ++i) {
    const auto kind = static_cast<v1::DocumentType>(issuer.draft_kinds(i));
    if (!MayBeDraft(kind)) {
      violations.Add("issuer.draft_kinds",
                     "must name only kinds of the sale's package: APPLICATION, CONTRACT, "
                     "CHECKLIST, MARKETING_MANUAL or TECHNICAL_MANUAL (the invoice and the "
                     "closing documents are always issued)");
      break;
    }
    if (std::find(issuer.draft_kinds().begin(), issuer.draft_kinds().begin() + i, kind) !=
        issuer.draft_kinds().begin() + i) {
      violations.Add("issuer.draft_kinds", "must name each kind once");
      break;
    }
  }

  // ИНН decides which other codes apply: a company has a КПП and a 13-digit ОГРН; a sole
  // trader has no КПП and a 15-digit ОГРНИП.
  std::optional<common::ru::InnKind> kind;
  if (issuer.inn().empty()) {
    violations.Add("issuer.inn", "is required");
  } else if (auto error = common::ru::ValidateInn(issuer.inn())) {
    violations.Add("issuer.inn", *error);
  } else {
    kind = common::ru::InnKindOf(issuer.inn());
  }

  if (kind == common::ru::InnKind::kLegalEntity) {
    if (issuer.kpp().empty()) {
      violations.Add("issuer.kpp", "is required for a legal entity (10-digit INN)");
    } else {
      violations.AddIf("issuer.kpp", common::ru::ValidateKpp(issuer.kpp()));
    }
  } else if (kind == common::ru::InnKind::kIndividual && !issuer.kpp().empty()) {
    violations.Add("issuer.kpp", "must be empty for a sole trader (12-digit INN)");
  } else if (!kind && !issuer.kpp().empty()) {
    violations.AddIf("issuer.kpp", common::ru::ValidateKpp(issuer.kpp()));
  }

  if (!issuer.ogrn().empty()) {
    if (auto error = common::ru::ValidateOgrn(issuer.ogrn())) {
      violations.Add("issuer.ogrn", *error);
    } else if (kind == common::ru::InnKind::kLegalEntity && issuer.ogrn().size() != 13) {
      violations.Add("issuer.ogrn", "must be a 13-digit OGRN for a legal entity");
    } else if (kind == common::ru::InnKind::kIndividual && issuer.ogrn().size() != 15) {
      violations.Add("issuer.ogrn", "must be a 15-digit OGRNIP for a sole trader");
    }
  }

  const common::ru::BankAccountProblems bank =
      common::ru::CheckBankAccount(issuer.bik(), issuer.settlement_account(),
                                   issuer.correspondent_account(), /*correspondent_required=*/true);
  violations.AddIf("issuer.bik", bank.bik);
  violations.AddIf("issuer.settlement_account", bank.settlement_account);
  violations.AddIf("issuer.correspondent_account", bank.correspondent_account);
}

void ValidateCreateIssuer(const v1::CreateIssuerRequest& request) {
  common::Violations violations;
  if (!request.has_issuer()) {
    violations.Add("issuer", "is required");
    violations.ThrowIfAny();
  }
  CheckIssuer(violations, request.issuer());
  common::api::CheckRequestId(violations, request.request_id());
  violations.ThrowIfAny();
}

}  // namespace crm::documents
