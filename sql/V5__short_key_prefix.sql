-- api_key_prefix held the first 8 characters of every key: all of a short custom key
-- (client create --api-key 123456) and most of a slightly longer one. Only keys of 24 characters
-- or more keep a prefix now; the others have none.
ALTER TABLE client ALTER COLUMN api_key_prefix DROP NOT NULL;

/* [jooq ignore start] */
-- Which stored prefixes are whole keys shows from the hash; custom keys are told from generated
-- ones (wa_ and 32 characters) by their start. A custom key that starts with wa_ and is 9 to 23
-- characters long keeps its prefix: rotate it to drop it.
UPDATE client
   SET api_key_prefix = NULL
 WHERE api_key_prefix NOT LIKE 'wa\_%'
    OR encode(sha256(convert_to(api_key_prefix, 'UTF8')), 'hex') = api_key_hash;
/* [jooq ignore stop] */
