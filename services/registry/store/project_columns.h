#pragma once

// The columns every statement returning a project selects, in the order DecodeProjectRow
// (project_store.h) reads them:
// id, display_name, description, created (µs)
#define CRM_REGISTRY_PROJECT_COLUMNS \
  " id::text, display_name, description, (extract(epoch FROM created_at) * 1000000)::bigint "

// The columns every statement returning an edition selects, in the order DecodeEdition
// (project_store.h) reads them: id, project_id, display_name, start_date, end_date, venue,
// price currency, price (kopecks), created (µs), status, stand prices ("type:kopecks,..."),
// version, updated (µs)
#define CRM_REGISTRY_EDITION_COLUMNS                                              \
  " id::text, project_id::text, display_name, to_char(start_date, 'YYYY-MM-DD')," \
  " to_char(end_date, 'YYYY-MM-DD'), venue, price_currency, price_per_m2_minor,"  \
  " (extract(epoch FROM created_at) * 1000000)::bigint, status,"                  \
  " coalesce((SELECT string_agg(key || ':' || value, ',' ORDER BY key)"           \
  "           FROM jsonb_each_text(stand_prices)), ''), version,"                 \
  " (extract(epoch FROM updated_at) * 1000000)::bigint "
