-- The director's name and position in the genitive as the issuer gives them, for a contract's
-- "в лице ..." when the declension rules get a name wrong; empty: the rules decline them.
ALTER TABLE issuers
  ADD COLUMN director_genitive          text NOT NULL DEFAULT '',
  ADD COLUMN director_position_genitive text NOT NULL DEFAULT '';
