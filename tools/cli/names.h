#pragma once

#include <map>
#include <set>
#include <string>

#include "tools/cli/rpc.h"

// What the resource names in a table stand for, asked of the registry: a client's or edition's
// display name, an employee's full name. Used only for the default table output; JSON and YAML
// print the names as they are.
namespace crm::cli {

// Resolves clients/…, employees/…, projects/…, projects/…/editions/… and
// competitorExhibitions/… with the caller's token; other names, names the caller may not read and
// names that fail are left out (the table then shows the resource name). Stops asking after the
// first unavailable service, and resolves at most 200 names.
std::map<std::string, std::string> ResolveResourceNames(const Endpoints& endpoints,
                                                        const std::string& token,
                                                        const std::set<std::string>& names);

}  // namespace crm::cli
