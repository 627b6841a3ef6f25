-- How the dashboard shows an indicator: as a headline tile (in this order), in which chart, and against which
-- official reference line. Part of the catalog, so another street's catalog can choose differently.

ALTER TABLE indicators ADD COLUMN headline_order INTEGER;          -- NULL: no tile
ALTER TABLE indicators ADD COLUMN chart TEXT;                      -- indicators with the same value share a chart; NULL: none
ALTER TABLE indicators ADD COLUMN reference_value REAL;            -- e.g. the national mediation success target
ALTER TABLE indicators ADD COLUMN reference_label TEXT NOT NULL DEFAULT '';

-- Databases seeded before this migration: give the standard catalog's indicators their places.
UPDATE indicators SET headline_order = 10, chart = 'disputes_mediated' WHERE code = 'disputes_mediated';
UPDATE indicators SET headline_order = 20, chart = 'mediation_success_rate', reference_value = 95, reference_label = '全国目标 95%'
    WHERE code = 'mediation_success_rate';
UPDATE indicators SET headline_order = 30, chart = 'petitions_handled' WHERE code = 'petitions_handled';
UPDATE indicators SET headline_order = 40, chart = 'administrative_disputes' WHERE code = 'administrative_reconsideration_cases';
UPDATE indicators SET headline_order = 50, chart = 'administrative_disputes' WHERE code = 'administrative_litigation_cases';
UPDATE indicators SET headline_order = 60, chart = 'safety_outreach_events' WHERE code = 'safety_outreach_events';
UPDATE indicators SET headline_order = 70 WHERE code = 'drug_users_out_of_control';
UPDATE indicators SET headline_order = 80, chart = 'registered_mental_patients' WHERE code = 'registered_mental_patients';
UPDATE indicators SET chart = 'rule_of_law_meetings' WHERE code = 'rule_of_law_meetings';
UPDATE indicators SET chart = 'gov_info' WHERE code IN ('gov_info_produced', 'gov_info_disclosed');
UPDATE indicators SET chart = 'registered_drug_users' WHERE code = 'registered_drug_users';
UPDATE indicators SET chart = 'legal_outreach' WHERE code IN ('legal_outreach_events');
UPDATE indicators SET chart = 'legal_outreach_materials' WHERE code = 'legal_outreach_materials';
