#pragma once

#include "common/core/errors.h"
#include "crm/documents/v1/documents.pb.h"

// Rules for our legal entities (issuers): what a valid set of requisites is. Pure: no I/O.
namespace crm::documents {

// The days a buyer has to pay an invoice when the issuer names none, and the longest term.
inline constexpr int kDefaultPaymentTermDays = 5;
inline constexpr int kMaxPaymentTermDays = 90;

// Trims surrounding whitespace from every text field, since requisites are usually pasted from
// a PDF or an e-mail and a stray space would otherwise fail the digit checks.
void NormalizeIssuer(v1::Issuer* issuer);

// Adds a violation for every requisite of `issuer` (after NormalizeIssuer) that is wrong, with
// the field paths of "issuer.*" (those of both CreateIssuer and UpdateIssuer).
void CheckIssuer(common::Violations& violations, const v1::Issuer& issuer);

// Validates a CreateIssuer request (after NormalizeIssuer). Throws common::ValidationError
// listing every problem at once, with the request's field paths ("issuer.bik", "request_id").
void ValidateCreateIssuer(const v1::CreateIssuerRequest& request);

}  // namespace crm::documents
