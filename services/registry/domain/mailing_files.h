#pragma once

#include <string>
#include <vector>

#include "services/registry/render/address_labels_pdf.h"

// The files of a mailing export, free of I/O: the recipients as CSV for a Russian Excel, and as
// address labels for services/registry/render.
namespace crm::registry {

// One row of an export: the recipient and the postal address as they were when it was made.
struct MailingRecipient {
  int row_number = 0;
  std::string client_id;
  std::string addressee;  // the company's legal name (the display name when it has none)
  std::string inn;
  std::string contact_person;  // "" when the letter goes to the company
  std::string position;
  std::string postal_code;
  std::string region_code;  // "63"
  std::string city;
  std::string street_line;
};

// UTF-8 with a byte order mark, `;` between fields, CRLF after every line, a header line first;
// a field holding `;`, a quote or a line break is quoted (quotes doubled), and one starting like
// a formula (=, +, -, @, a tab or a carriage return) gets a leading apostrophe so a spreadsheet
// shows it as text.
std::string MailingCsv(const std::vector<MailingRecipient>& recipients);

// The labels in row order: addressee, contact person, street, city, region (by name, left out
// when it is the city itself, as for Moscow), postal code.
std::vector<AddressLabel> MailingLabels(const std::vector<MailingRecipient>& recipients);

}  // namespace crm::registry
