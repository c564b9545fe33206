package com.wagateway.whatsapp;

/** What asking the landing screen for a pairing code came to. */
public sealed interface PairingResult {

  /** The 8-character code the page shows for {@code phone}, to type on the phone. */
  record Code(String code, String phone) implements PairingResult {
    /** As people read it: "ABCD-1234". */
    public String display() {
      return code.length() == 8 ? code.substring(0, 4) + "-" + code.substring(4) : code;
    }
  }

  /** Not on the landing screen: the account is linked already ({@code state} says how). */
  record AlreadyLinked(String state) implements PairingResult {}

  /** The page refused the number ({@code reason}: what it said). */
  record Refused(String reason) implements PairingResult {}

  /** The page cannot do it now (loading, browser down, a step did not appear). */
  record NotNow(String reason) implements PairingResult {}
}
