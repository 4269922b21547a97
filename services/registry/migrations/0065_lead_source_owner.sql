-- Registry owns a client's lead source (how the client came to the company). Until now planning
-- kept a structured copy (AssessmentService.SetLeadSource: a kind and a detail) beside the
-- registry's free text; the two could disagree and neither knew the other. The kind moves here;
-- `lead_source` stays as its detail (which exhibition, who recommended, which campaign).
--
-- lead_source_time is when the value was last set, here or by planning's
-- crm.planning.lead_source.set (still published by the deprecated planning RPC, and once for every
-- lead source planning held when it was upgraded): an older setting never overwrites a newer one.
ALTER TABLE clients
  ADD COLUMN lead_source_kind text NOT NULL DEFAULT ''
    CHECK (lead_source_kind IN ('', 'EXHIBITION_VISITOR', 'WEBSITE', 'INCOMING_CALL', 'REFERRAL',
                                'OUTBOUND', 'EMAIL_CAMPAIGN', 'SOCIAL_MEDIA', 'OTHER')),
  ADD COLUMN lead_source_time timestamptz;

-- The free text entered so far: the usual words become the kind, and a text that was only that
-- word is cleared (the kind says it); any other text is kept as the detail, under OTHER.
WITH known (word, kind) AS (
  VALUES ('exhibition', 'EXHIBITION_VISITOR'), ('выставка', 'EXHIBITION_VISITOR'),
         ('website', 'WEBSITE'), ('site', 'WEBSITE'), ('сайт', 'WEBSITE'),
         ('call', 'INCOMING_CALL'), ('incoming call', 'INCOMING_CALL'), ('звонок', 'INCOMING_CALL'),
         ('recommendation', 'REFERRAL'), ('referral', 'REFERRAL'),
         ('рекомендация', 'REFERRAL'),
         ('cold call', 'OUTBOUND'), ('outbound', 'OUTBOUND'), ('холодный звонок', 'OUTBOUND'),
         ('email', 'EMAIL_CAMPAIGN'), ('mailing', 'EMAIL_CAMPAIGN'), ('рассылка', 'EMAIL_CAMPAIGN'),
         ('social', 'SOCIAL_MEDIA'), ('social media', 'SOCIAL_MEDIA'),
         ('соцсети', 'SOCIAL_MEDIA'))
UPDATE clients c
SET lead_source_kind = coalesce(k.kind, 'OTHER'),
    lead_source = CASE WHEN k.kind IS NULL THEN c.lead_source ELSE '' END,
    lead_source_time = c.updated_at
FROM clients c2
LEFT JOIN known k ON k.word = lower(btrim(c2.lead_source))
WHERE c2.id = c.id AND btrim(c.lead_source) <> '';
