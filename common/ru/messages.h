#pragma once

// The Russian texts of the services' error messages, for people (the web console's forms).
//
// One catalogue, keyed the way gettext keys it: the English text the services write is the key.
// A text built with values (a length, a limit, a resource name) has a pattern as its key, with
// numbered placeholders {0}, {1}, ... where the values go; the Russian text names the same
// placeholders, in whatever order Russian needs, and the values are carried over. A value that is
// itself a text of the catalogue (a validator's message inside a longer one, a word such as
// "clients") is put in Russian too. Only a placeholder of digits counts: "{uuid}" is text.
//
// The English texts stay what developers, logs and the CLI read; tools/l10n-coverage fails when
// a text the services can produce has no entry here.

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace crm::common::ru {

// The locale of the catalogue's texts, as google.rpc.LocalizedMessage names it.
inline constexpr std::string_view kMessageLocale = "ru-RU";

struct MessageEntry {
  std::string_view english;  // the key: the text, or a pattern with {0}, {1}, ...
  std::string_view russian;  // the same placeholders
};

// Every entry, in the order of the table.
std::span<const MessageEntry> MessageCatalogue();

// The Russian text of an English message; nullopt when the catalogue has no entry for it (the
// caller then shows the English text). Never throws for any input.
std::optional<std::string> TranslateMessage(std::string_view english);

}  // namespace crm::common::ru
