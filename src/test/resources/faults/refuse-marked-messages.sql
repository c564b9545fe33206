-- Test faults: the database itself refuses a message by its text, as if a constraint the service
-- cannot check beforehand, or the disk, had failed on that row; or it stalls on it.
CREATE FUNCTION test_refuse_marked_messages() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.text = 'the database refuses this row' THEN
    RAISE EXCEPTION 'test fault: this row breaks a rule' USING ERRCODE = 'check_violation';
  ELSIF NEW.text = 'the database stalls here' THEN
    PERFORM pg_sleep(3);
  ELSIF NEW.text = 'the disk fills up here' THEN
    RAISE EXCEPTION 'test fault: could not extend file: No space left on device'
      USING ERRCODE = 'disk_full';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER test_refuse_marked_messages BEFORE INSERT ON message_queue
  FOR EACH ROW EXECUTE FUNCTION test_refuse_marked_messages();
