-- A rate can say what it is a rate of (调解成功率 of 矛盾纠纷排查调处): a district then weighs its streets' rates by
-- those counts instead of only giving their range and median.
ALTER TABLE indicators ADD COLUMN rate_of_id INTEGER REFERENCES indicators (id);

-- The seed's one such pair, where an install has both.
UPDATE indicators SET rate_of_id = (SELECT id FROM indicators WHERE code = 'disputes_mediated')
WHERE code = 'mediation_success_rate' AND EXISTS (SELECT 1 FROM indicators WHERE code = 'disputes_mediated');
