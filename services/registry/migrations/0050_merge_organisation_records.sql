-- Merges move the organisation's records of the merged clients too: group memberships,
-- participation and current curator terms (merge_moves.kind 'group_membership' with the group
-- id as row_id, 'participation', 'curator'). A current curator term that cannot move because
-- the survivor already has one for the same project and contact person ends as 'replaced' (the
-- survivor's curator took over) and is recorded as 'curator_ended': undoing the merge opens it
-- again.

ALTER TABLE merges
  ADD COLUMN moved_group_memberships integer NOT NULL DEFAULT 0,
  ADD COLUMN moved_participations    integer NOT NULL DEFAULT 0,
  ADD COLUMN moved_curators          integer NOT NULL DEFAULT 0,
  ADD COLUMN ended_curators          integer NOT NULL DEFAULT 0;

COMMENT ON COLUMN merge_moves.kind IS
  'contact_person, group_membership (row_id: the group), participation, curator, curator_ended';

-- The clients merged into a client: its history with theirs (ListClientHistory include_merged).
CREATE INDEX clients_by_merged_into ON clients (merged_into) WHERE merged_into IS NOT NULL;
