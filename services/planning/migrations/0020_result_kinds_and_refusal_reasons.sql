-- Formal result kinds beyond sale / refusal / reschedule / note, and the refusal reason
-- catalogues (refusal to take part, refusal to visit) that results point to.

ALTER TABLE contacts DROP CONSTRAINT contacts_result_kind_check;
ALTER TABLE contacts ADD CONSTRAINT contacts_result_kind_check CHECK (result_kind IN (
  'sale', 'refusal', 'visit_refusal', 'invitation', 'manual_sent', 'reschedule', 'note'));

-- Entries are never deleted (results keep their names); `active` = false hides them from new
-- results. `legacy_reason` is the crm.planning.v1.RefusalReason value the entry stands for in
-- results recorded before the catalogue, so those results resolve to an entry.
CREATE TABLE refusal_reasons (
  id            uuid        PRIMARY KEY,
  scope         text        NOT NULL CHECK (scope IN ('PARTICIPATION', 'VISIT')),
  display_name  text        NOT NULL CHECK (display_name <> ''),
  active        boolean     NOT NULL DEFAULT true,
  legacy_reason integer     UNIQUE,
  version       bigint      NOT NULL DEFAULT 1,
  request_id    text        UNIQUE,
  create_time   timestamptz NOT NULL DEFAULT now(),
  update_time   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refusal_reasons_by_creation ON refusal_reasons (create_time, id);

-- The five reasons of the original enum keep fixed ids (domain/result_rules.cpp knows them).
INSERT INTO refusal_reasons (id, scope, display_name, legacy_reason, create_time, update_time)
VALUES
  ('00000000-0000-4000-8000-000000000101', 'PARTICIPATION', 'Нет бюджета', 1,
   '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
  ('00000000-0000-4000-8000-000000000102', 'PARTICIPATION', 'Не целевая аудитория', 2,
   '2026-01-01T00:00:01Z', '2026-01-01T00:00:01Z'),
  ('00000000-0000-4000-8000-000000000103', 'PARTICIPATION', 'Выбрали другую выставку', 3,
   '2026-01-01T00:00:02Z', '2026-01-01T00:00:02Z'),
  ('00000000-0000-4000-8000-000000000104', 'PARTICIPATION', 'Не подходят сроки', 4,
   '2026-01-01T00:00:03Z', '2026-01-01T00:00:03Z'),
  ('00000000-0000-4000-8000-000000000105', 'PARTICIPATION', 'Другое', 5,
   '2026-01-01T00:00:04Z', '2026-01-01T00:00:04Z'),
  ('00000000-0000-4000-8000-000000000106', 'PARTICIPATION', 'Сокращение маркетинговых расходов',
   NULL, '2026-01-01T00:00:05Z', '2026-01-01T00:00:05Z'),
  ('00000000-0000-4000-8000-000000000107', 'PARTICIPATION', 'Участвуют через дилера/партнёра',
   NULL, '2026-01-01T00:00:06Z', '2026-01-01T00:00:06Z'),
  ('00000000-0000-4000-8000-000000000201', 'VISIT', 'Нет времени', NULL,
   '2026-01-01T00:00:10Z', '2026-01-01T00:00:10Z'),
  ('00000000-0000-4000-8000-000000000202', 'VISIT', 'Тематика не интересна', NULL,
   '2026-01-01T00:00:11Z', '2026-01-01T00:00:11Z'),
  ('00000000-0000-4000-8000-000000000203', 'VISIT', 'Далеко ехать', NULL,
   '2026-01-01T00:00:12Z', '2026-01-01T00:00:12Z'),
  ('00000000-0000-4000-8000-000000000204', 'VISIT', 'Посещают другую выставку', NULL,
   '2026-01-01T00:00:13Z', '2026-01-01T00:00:13Z'),
  ('00000000-0000-4000-8000-000000000205', 'VISIT', 'Другое', NULL,
   '2026-01-01T00:00:14Z', '2026-01-01T00:00:14Z');
