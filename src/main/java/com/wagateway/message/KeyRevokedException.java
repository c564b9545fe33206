package com.wagateway.message;

/**
 * The caller's key was valid when its request arrived but not in the transaction that would have
 * stored it: the key was rotated, or its client disabled or deleted, meanwhile. Nothing was stored.
 */
public final class KeyRevokedException extends RuntimeException {
  KeyRevokedException() {
    super("The API key was disabled or replaced while the request was waiting", null, false, false);
  }
}
