-- The staff directory's departments (with a head) and exhibition projects' teams.

CREATE TABLE departments (
  id           uuid        PRIMARY KEY,
  display_name text        NOT NULL CHECK (display_name <> ''),
  head_id      uuid        REFERENCES employees (id),
  request_id   text        UNIQUE,
  version      integer     NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL DEFAULT now(),
  created_by   text        NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  updated_by   text        NOT NULL,
  deleted_at   timestamptz
);
-- Live department names are unique, whatever their letter case.
CREATE UNIQUE INDEX departments_live_name_unique ON departments (lower(display_name))
  WHERE deleted_at IS NULL;
CREATE INDEX departments_live_by_name ON departments (display_name, id) WHERE deleted_at IS NULL;

-- The department an employee belongs to; the free-text `department` column then holds its name.
ALTER TABLE employees ADD COLUMN department_id uuid REFERENCES departments (id);
CREATE INDEX employees_by_department ON employees (department_id, full_name, id)
  WHERE department_id IS NOT NULL;

-- One row per employee in a project's team, with their role in it.
CREATE TABLE project_team_members (
  project_id  uuid        NOT NULL REFERENCES projects (id),
  employee_id uuid        NOT NULL REFERENCES employees (id),
  role        text        NOT NULL CHECK (role IN ('lead', 'sales_manager', 'coordinator',
                                                   'analyst')),
  added_at    timestamptz NOT NULL DEFAULT now(),
  added_by    text        NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  text        NOT NULL,
  PRIMARY KEY (project_id, employee_id)
);
-- The teams an employee is in.
CREATE INDEX project_team_members_by_employee ON project_team_members (employee_id, project_id);
