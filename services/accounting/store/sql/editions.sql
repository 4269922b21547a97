-- Registry's editions as accounting needs them (migrations/0008_editions_budgets.sql), from
-- crm.registry.edition.created and .updated (the consumer accounting-editions).

-- fragment: edition_columns
-- The columns of an edition's copy, read by name by the one decoder (store/edition_store.cpp).
name, display_name, project_display_name, COALESCE(start_date::text, '') AS start_date,
COALESCE(end_date::text, '') AS end_date, venue,
COALESCE(price_per_m2_kopecks::text, '') AS price_per_m2, stand_prices::text AS stand_prices

-- name: accounting_edition_put
-- $1 name, $2 display name, $3 project's display name, $4/$5 start and end dates ('' for none),
-- $6 venue, $7 base price per m² in kopecks ('' for none), $8 stand prices as a JSON object,
-- $9 whether the event carries stand prices (edition.created does not: the stored list stays),
-- $10 the event's ce-time (NULL when it had none). An older event does not undo a newer one.
INSERT INTO editions (name, display_name, project_display_name, start_date, end_date, venue,
                      price_per_m2_kopecks, stand_prices, event_time)
VALUES ($1, $2, $3, NULLIF($4, '')::date, NULLIF($5, '')::date, $6, NULLIF($7, '')::bigint,
        $8::jsonb, $10::timestamptz)
ON CONFLICT (name) DO UPDATE
SET display_name = EXCLUDED.display_name, project_display_name = EXCLUDED.project_display_name,
    start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date, venue = EXCLUDED.venue,
    price_per_m2_kopecks = EXCLUDED.price_per_m2_kopecks,
    stand_prices = CASE WHEN $9::boolean THEN EXCLUDED.stand_prices ELSE editions.stand_prices END,
    event_time = EXCLUDED.event_time, updated_at = now()
WHERE editions.event_time IS NULL OR EXCLUDED.event_time IS NULL
   OR EXCLUDED.event_time >= editions.event_time;

-- name: accounting_edition_get
SELECT :edition_columns FROM editions WHERE name = $1;

-- name: accounting_edition_lock
-- The edition's row locked: a budget's saves queue behind each other on it.
SELECT :edition_columns FROM editions WHERE name = $1 FOR UPDATE;
