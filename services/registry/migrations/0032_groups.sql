-- Groups of clients: shared ones kept by analysts, personal ones private to their owner; and the
-- target groups of exhibition projects.

CREATE TABLE client_groups (
  id           uuid        PRIMARY KEY,
  display_name text        NOT NULL CHECK (display_name <> ''),
  description  text        NOT NULL DEFAULT '',
  kind         text        NOT NULL CHECK (kind IN ('geography', 'industry', 'our_exhibitions',
                             'competitor_exhibitions', 'mailing_subscription', 'target_group',
                             'other')),
  -- The owner's principal subject ("employees/{uuid}") for a personal group, NULL when shared.
  owner        text,
  request_id   text        UNIQUE,
  version      integer     NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL DEFAULT now(),
  created_by   text        NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  updated_by   text        NOT NULL,
  deleted_at   timestamptz
);
CREATE INDEX client_groups_live_by_name ON client_groups (display_name, id)
  WHERE deleted_at IS NULL;

CREATE TABLE client_group_members (
  group_id   uuid        NOT NULL REFERENCES client_groups (id),
  client_id  uuid        NOT NULL REFERENCES clients (id),
  added_at   timestamptz NOT NULL DEFAULT now(),
  added_by   text        NOT NULL,
  PRIMARY KEY (group_id, client_id)
);
-- A client's groups, and the group-membership clause of client filters.
CREATE INDEX client_group_members_by_client ON client_group_members (client_id, group_id);

-- The groups of kind target_group a project aims at.
CREATE TABLE project_target_groups (
  project_id uuid        NOT NULL REFERENCES projects (id),
  group_id   uuid        NOT NULL REFERENCES client_groups (id),
  linked_at  timestamptz NOT NULL DEFAULT now(),
  linked_by  text        NOT NULL,
  PRIMARY KEY (project_id, group_id)
);
