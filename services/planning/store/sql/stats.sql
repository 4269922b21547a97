-- GetContactStats: one set-based query per group of figures, each over the same selection of
-- contacts (the `selected` CTE): $1 owner or NULL, $2 department unit or NULL, $3 edition or
-- NULL, [$4, $5) the scheduled-time window (NULL ends are open).

-- fragment: selected_contacts
-- The selection every figure is computed over (see above).
WITH selected AS (SELECT c.*
                  FROM contacts c
                  LEFT JOIN employees e ON e.id = c.owner_id
                  WHERE ($1::uuid IS NULL OR c.owner_id = $1::uuid)
                    AND ($2::uuid IS NULL OR e.department_id = $2::uuid)
                    AND ($3::uuid IS NULL OR c.edition_id = $3::uuid)
                    AND ($4::timestamptz IS NULL OR c.scheduled_time >= $4::timestamptz)
                    AND ($5::timestamptz IS NULL OR c.scheduled_time < $5::timestamptz))

-- name: stats_by_type
:selected_contacts
SELECT type, count(*) AS contacts, count(*) FILTER (WHERE state = 'COMPLETED') AS completed
FROM selected
GROUP BY type
ORDER BY type;

-- name: stats_by_result_kind
:selected_contacts
SELECT result_kind, count(*) AS contacts
FROM selected
WHERE result_kind IS NOT NULL
GROUP BY result_kind
ORDER BY result_kind;

-- name: stats_reschedules
-- The clients with the most reschedules, $6 of them; the total over every client comes with
-- every row.
:selected_contacts
SELECT client_id::text AS client_id, count(*) AS reschedules,
       sum(count(*)) OVER ()::bigint AS total_reschedules
FROM selected
WHERE result_kind = 'reschedule'
GROUP BY client_id
ORDER BY count(*) DESC, client_id
LIMIT $6;

-- name: stats_relationships
-- Per client with completed contacts in the selection: the first completed contact, and the
-- last completed contact or active sale; the longest relationships first, $6 of them. The
-- average over every client and the number of clients come with every row.
:selected_contacts,
     per_client AS (SELECT s.client_id, min(s.complete_time) AS first_time,
                           greatest(max(s.complete_time), max(sa.sale_time)) AS last_time,
                           count(DISTINCT s.id) AS contacts, count(DISTINCT sa.id) AS sales
                    FROM selected s
                    LEFT JOIN sales sa ON sa.contact_id = s.id AND sa.state = 'ACTIVE'
                    WHERE s.state = 'COMPLETED'
                    GROUP BY s.client_id)
SELECT client_id::text AS client_id,
       (extract(epoch from first_time) * 1000000)::bigint AS first_time_us,
       (extract(epoch from last_time) * 1000000)::bigint AS last_time_us,
       extract(day from last_time - first_time)::bigint AS days, contacts, sales,
       round(avg(extract(day from last_time - first_time)) OVER ())::bigint AS average_days,
       count(*) OVER () AS clients
FROM per_client
ORDER BY days DESC, client_id
LIMIT $6;
