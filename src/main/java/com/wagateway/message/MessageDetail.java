package com.wagateway.message;

import java.time.OffsetDateTime;

/**
 * One message with what the operator needs to tell its story: who holds it ({@code claimedBy} until
 * {@code leaseUntil}) and how often a dead instance's lease was taken over ({@code rescued}: each
 * time the phone may have got it twice).
 */
public record MessageDetail(
    AdminMessageView message, String claimedBy, OffsetDateTime leaseUntil, int rescued) {}
