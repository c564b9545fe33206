package com.wagateway.operator;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordsTest {

  @Test
  void aHashIsArgon2idWithItsParametersAndVerifiesOnlyItsPassword() {
    String hash = Passwords.hash("correct horse battery");
    assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
    assertTrue(Passwords.matches("correct horse battery", hash));
    assertFalse(Passwords.matches("correct horse batterY", hash));
    assertFalse(Passwords.matches("", hash));
  }

  @Test
  void theSamePasswordHashesDifferentlyEachTime() {
    assertNotEquals(Passwords.hash("same password 123"), Passwords.hash("same password 123"));
  }

  @Test
  void aHashMadeWithOtherParametersStillVerifies() {
    // Stored hashes keep their parameters: raising the defaults later must not lock anyone out.
    String older = Passwords.hash("old parameters!!", 8192, 1, 1);
    assertTrue(older.startsWith("$argon2id$v=19$m=8192,t=1,p=1$"), older);
    assertTrue(Passwords.matches("old parameters!!", older));
    assertFalse(Passwords.matches("new parameters!!", older));
  }

  @Test
  void anythingButAnArgon2idHashMatchesNothing() {
    assertFalse(Passwords.matches("x", "plain text"));
    assertFalse(Passwords.matches("x", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"));
    assertFalse(Passwords.matches("x", "$argon2id$v=19$m=oops,t=2,p=1$c2FsdA$aGFzaA"));
  }
}
