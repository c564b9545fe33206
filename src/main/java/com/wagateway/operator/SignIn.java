package com.wagateway.operator;

/** What came of one sign-in attempt. */
public sealed interface SignIn {
  /** The password matched an active operator. */
  record Accepted(Operator operator) implements SignIn {}

  /** Wrong name or password, or a disabled operator: the same answer for each. */
  record Refused() implements SignIn {}

  /** Too many wrong passwords in a row: no password is checked until the wait is over. */
  record Throttled(long retryAfterSeconds) implements SignIn {}
}
