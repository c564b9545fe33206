-- Whether the client's API key is shorter than 32 characters (a custom key such as
-- client create --api-key 123456): such keys can be guessed by anyone who reaches the port, and
-- start-up warns while one is active and the API listens beyond loopback. Only this flag is kept,
-- not the key's length.
ALTER TABLE client ADD COLUMN api_key_short BOOLEAN NOT NULL DEFAULT FALSE;

/* [jooq ignore start] */
-- Keys made before this column: generated keys are wa_ and 32 characters and show a wa_ prefix;
-- any other may be short (a custom key of 24 to 31 characters starting with wa_ is missed).
UPDATE client
   SET api_key_short = TRUE
 WHERE api_key_prefix IS NULL
    OR api_key_prefix NOT LIKE 'wa\_%';
/* [jooq ignore stop] */
