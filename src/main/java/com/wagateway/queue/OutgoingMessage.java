package com.wagateway.queue;

/**
 * A claimed message, as the sender needs it. {@code phone} is E.164 ("+972501234567"); {@code
 * claimToken} fences every later write to this claim.
 */
public record OutgoingMessage(
    long id, String phone, String text, int attempts, int rescued, long claimToken) {}
