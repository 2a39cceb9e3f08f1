-- An application whose owner erased their data cannot go on (its NIK,
-- products and contact are gone): it is withdrawn, a final stage, and no
-- longer holds one of the year's free places nor waits in the officers'
-- lists. The anonymous row stays for the office's numbers.
INSERT INTO stages (kind, code, position, actor, final, active) VALUES
    ('halal', 'ditarik', 9, 'owner', 1, 0),
    ('tkdn',  'ditarik', 7, 'owner', 1, 0);
