-- Officers list owners by kecamatan, sector and binaan, and find one by
-- registration number (the id), NIB (owners_nib), phone number or part
-- of the name or business name (FindOwners); none of these reads every
-- owner.
CREATE INDEX owners_kecamatan ON owners(kecamatan);
CREATE INDEX owners_sector ON owners(sector);
CREATE INDEX owners_binaan ON owners(binaan);
CREATE INDEX owners_phone ON owners(phone);

-- Any part of a name or business name ("abon", "sitti"): a trigram index
-- of both, which reads the text from owners (external content) and is
-- kept by the triggers below. secure-delete: an erased owner's trigrams
-- are removed from the index, not only marked deleted (without it they
-- would stay in the file until a merge, out of reach of the scrub).
CREATE VIRTUAL TABLE owners_search USING fts5(name, business_name, content = 'owners', content_rowid = 'id',
    tokenize = 'trigram');
INSERT INTO owners_search (owners_search, rank) VALUES ('secure-delete', 1);
INSERT INTO owners_search (owners_search) VALUES ('rebuild');

CREATE TRIGGER owners_search_insert AFTER INSERT ON owners BEGIN
    INSERT INTO owners_search (rowid, name, business_name) VALUES (new.id, new.name, new.business_name);
END;
CREATE TRIGGER owners_search_delete AFTER DELETE ON owners BEGIN
    INSERT INTO owners_search (owners_search, rowid, name, business_name)
    VALUES ('delete', old.id, old.name, old.business_name);
END;
CREATE TRIGGER owners_search_update AFTER UPDATE OF name, business_name ON owners BEGIN
    INSERT INTO owners_search (owners_search, rowid, name, business_name)
    VALUES ('delete', old.id, old.name, old.business_name);
    INSERT INTO owners_search (rowid, name, business_name) VALUES (new.id, new.name, new.business_name);
END;
