-- The merge a history entry belongs to ("merged", "merged_into", "merge_undone", "unmerged"), so
-- a merge can be undone starting from the history of any client it touched.
ALTER TABLE client_history ADD COLUMN merge_id uuid REFERENCES merges (id);

-- Entries written before: a merge and its history rows were written in one transaction, so they
-- share its now(); the same holds for an undo.
UPDATE client_history h SET merge_id = m.id
FROM merges m
WHERE h.merge_id IS NULL
  AND ((h.change = 'merged' AND h.client_id = m.survivor_id AND h.changed_at = m.created_at)
    OR (h.change = 'merged_into' AND h.client_id = ANY (m.merged_ids) AND h.changed_at = m.created_at)
    OR (h.change = 'merge_undone' AND h.client_id = m.survivor_id AND h.changed_at = m.undone_at)
    OR (h.change = 'unmerged' AND h.client_id = ANY (m.merged_ids) AND h.changed_at = m.undone_at));
