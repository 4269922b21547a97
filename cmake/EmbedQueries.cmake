# Script mode: writes OUT, a C++ file defining NAMESPACE::Queries() from the SQL FILES, and
# OUT_SQL (when given), every statement as it is prepared, for pasting into psql.
#
# Each file holds named statements, each introduced by a line `-- name: <statement_name>`; the
# text up to the next marker line (or the end) is the statement. Lines before the first marker
# describe the file and are not embedded. Names are unique across the files of a service; an empty
# statement or a repeated name fails the build.
#
# A part that several statements share word for word (a select list, a filter) is written once
# as a fragment, introduced by `-- fragment: <fragment_name>`, and used in a statement as
# `:<fragment_name>` (psql's variable syntax, which SQL itself never uses: `::type` casts are not
# references). The comment lines a fragment starts with document it and are not part of it; the
# rest is pasted in place of each reference, so the prepared statement, and its plan, are exactly
# what writing it out would give. Fragments are shared by every file of the service and may use
# other fragments. A reference to no fragment fails the build, and so does a fragment nobody uses.
cmake_policy(SET CMP0057 NEW)

# Splits the text of every file into blocks: for each, appends "<kind>=<name>=<text>" to the
# caller's `blocks` (kind: name or fragment).
set(blocks "")
foreach(f ${FILES})
  file(READ ${f} content)
  # Keep SQL semicolons and square brackets out of CMake's list splitting.
  string(REPLACE ";" "@CRM_SEMICOLON@" content "${content}")
  string(REPLACE "[" "@CRM_LB@" content "${content}")
  string(REPLACE "]" "@CRM_RB@" content "${content}")
  string(REPLACE "\n" ";" lines "${content}")
  set(kind "")
  set(name "")
  set(sql "")
  set(found FALSE)
  foreach(line IN LISTS lines)
    if(line MATCHES "^-- (name|fragment): ([a-z0-9_]+)[ \t]*$")
      if(NOT name STREQUAL "")
        list(APPEND blocks "${kind}=${name}=${sql}")
      endif()
      set(kind "${CMAKE_MATCH_1}")
      set(name "${CMAKE_MATCH_2}")
      set(sql "")
      set(found TRUE)
    elseif(NOT name STREQUAL "")
      if(kind STREQUAL "fragment" AND sql STREQUAL "" AND line MATCHES "^--")
        # The fragment's own documentation.
      else()
        string(APPEND sql "${line}\n")
      endif()
    endif()
  endforeach()
  if(NOT name STREQUAL "")
    list(APPEND blocks "${kind}=${name}=${sql}")
  endif()
  if(NOT found)
    message(FATAL_ERROR "${f}: no `-- name: <statement>` line, so no statement")
  endif()
endforeach()

# Pastes the fragments into TEXT (named OWNER, for messages), and the fragments they use, and
# stores the result in OUT_VAR.
function(expand_fragments owner text out_var)
  foreach(depth RANGE 8)
    set(pasted FALSE)
    foreach(fragment IN LISTS fragment_names)
      if(text MATCHES "(^|[^:]):${fragment}([^a-z0-9_]|$)")
        string(REGEX REPLACE "(^|[^:]):${fragment}([^a-z0-9_]|$)" "\\1@CRM_FRAGMENT@\\2" text
                             "${text}")
        string(REPLACE "@CRM_FRAGMENT@" "${fragment_text_${fragment}}" text "${text}")
        set_property(GLOBAL APPEND PROPERTY crm_used_fragments ${fragment})
        set(pasted TRUE)
      endif()
    endforeach()
    if(NOT pasted)
      break()
    endif()
  endforeach()
  # What is left of the form :name outside comments refers to no fragment.
  string(REPLACE ";" "@CRM_SEMICOLON@" checked "${text}")
  string(REPLACE "\n" ";" checked_lines "${checked}")
  foreach(line IN LISTS checked_lines)
    if(NOT line MATCHES "^[ \t]*--" AND line MATCHES "(^|[^:]):([a-z][a-z0-9_]*)")
      message(FATAL_ERROR "${owner}: `:${CMAKE_MATCH_2}` is no fragment")
    endif()
  endforeach()
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

set(body "")
set(expanded_sql "-- Generated from store/sql/*.sql, fragments pasted in; do not edit.\n")
set(seen_names "")
set(fragment_names "")
set_property(GLOBAL PROPERTY crm_used_fragments "")
# Fragments first, then the statements, which may use any fragment of any file.
foreach(pass fragment name)
  foreach(block IN LISTS blocks)
    string(FIND "${block}" "=" eq)
    string(SUBSTRING "${block}" 0 ${eq} kind)
    if(NOT kind STREQUAL pass)
      continue()
    endif()
    math(EXPR start "${eq} + 1")
    string(SUBSTRING "${block}" ${start} -1 rest)
    string(FIND "${rest}" "=" eq)
    string(SUBSTRING "${rest}" 0 ${eq} statement)
    math(EXPR start "${eq} + 1")
    string(SUBSTRING "${rest}" ${start} -1 text)
    string(STRIP "${text}" text)
    string(REPLACE "@CRM_SEMICOLON@" ";" text "${text}")
    string(REPLACE "@CRM_LB@" "[" text "${text}")
    string(REPLACE "@CRM_RB@" "]" text "${text}")
    if(text STREQUAL "")
      message(FATAL_ERROR "${kind} ${statement} is empty")
    endif()
    if(kind STREQUAL "fragment")
      if(statement IN_LIST fragment_names)
        message(FATAL_ERROR "fragment ${statement} is defined twice")
      endif()
      list(APPEND fragment_names ${statement})
      set(fragment_text_${statement} "${text}")
      continue()
    endif()
    expand_fragments("statement ${statement}" "${text}" text)
    string(REGEX REPLACE ";$" "" text "${text}")
    if(statement IN_LIST seen_names)
      message(FATAL_ERROR "statement ${statement} is named twice")
    endif()
    list(APPEND seen_names ${statement})
    string(APPEND body "      {\"${statement}\", R\"crm_sql(${text})crm_sql\"},\n")
    string(APPEND expanded_sql "\n-- name: ${statement}\n${text};\n")
  endforeach()
endforeach()

get_property(used GLOBAL PROPERTY crm_used_fragments)
foreach(fragment IN LISTS fragment_names)
  if(NOT fragment IN_LIST used)
    message(FATAL_ERROR "fragment ${fragment} is used by no statement")
  endif()
endforeach()

file(WRITE ${OUT}.tmp "// Generated from store/sql/*.sql; do not edit.
#include <vector>

#include \"common/db/pool.h\"

namespace ${NAMESPACE} {
const std::vector<crm::common::db::NamedQuery>& Queries() {
  static const std::vector<crm::common::db::NamedQuery> kQueries = {
${body}  };
  return kQueries;
}
}  // namespace ${NAMESPACE}
")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUT}.tmp)
if(OUT_SQL)
  file(WRITE ${OUT_SQL}.tmp "${expanded_sql}")
  file(COPY_FILE ${OUT_SQL}.tmp ${OUT_SQL} ONLY_IF_DIFFERENT)
  file(REMOVE ${OUT_SQL}.tmp)
endif()
